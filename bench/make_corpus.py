"""Generate a synthetic news corpus (JSONL) for throughput and memory benchmarks.

Articles are assembled from sentence templates written for this script: about 30% are
interstate diplomacy stories (countries, officials, meetings, agreements, sanctions...), the rest
general news with no interstate content (sports, weather, local business, culture, local
government) — roughly the mix of a real news feed, where most articles give an extractor nothing
to find. Output is deterministic for a given ``--seed``.

    python bench/make_corpus.py --n 10000 --out bench/out/corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

# --- vocabulary -------------------------------------------------------------------------------

# (name, demonym, capital)
COUNTRIES: list[tuple[str, str, str]] = [
    ("Azerbaijan", "Azerbaijani", "Baku"),
    ("Belarus", "Belarusian", "Minsk"),
    ("Kazakhstan", "Kazakh", "Astana"),
    ("Uzbekistan", "Uzbek", "Tashkent"),
    ("Georgia", "Georgian", "Tbilisi"),
    ("Armenia", "Armenian", "Yerevan"),
    ("Turkey", "Turkish", "Ankara"),
    ("Iran", "Iranian", "Tehran"),
    ("India", "Indian", "New Delhi"),
    ("Pakistan", "Pakistani", "Islamabad"),
    ("China", "Chinese", "Beijing"),
    ("Japan", "Japanese", "Tokyo"),
    ("South Korea", "South Korean", "Seoul"),
    ("Vietnam", "Vietnamese", "Hanoi"),
    ("Indonesia", "Indonesian", "Jakarta"),
    ("the Philippines", "Philippine", "Manila"),
    ("Australia", "Australian", "Canberra"),
    ("Egypt", "Egyptian", "Cairo"),
    ("Nigeria", "Nigerian", "Abuja"),
    ("Kenya", "Kenyan", "Nairobi"),
    ("Ethiopia", "Ethiopian", "Addis Ababa"),
    ("South Africa", "South African", "Pretoria"),
    ("Brazil", "Brazilian", "Brasilia"),
    ("Argentina", "Argentine", "Buenos Aires"),
    ("Mexico", "Mexican", "Mexico City"),
    ("Canada", "Canadian", "Ottawa"),
    ("the United States", "U.S.", "Washington"),
    ("France", "French", "Paris"),
    ("Germany", "German", "Berlin"),
    ("Italy", "Italian", "Rome"),
    ("Poland", "Polish", "Warsaw"),
    ("Hungary", "Hungarian", "Budapest"),
    ("Serbia", "Serbian", "Belgrade"),
    ("Greece", "Greek", "Athens"),
    ("Russia", "Russian", "Moscow"),
    ("Ukraine", "Ukrainian", "Kyiv"),
    ("Saudi Arabia", "Saudi", "Riyadh"),
    ("Qatar", "Qatari", "Doha"),
    ("Morocco", "Moroccan", "Rabat"),
    ("Algeria", "Algerian", "Algiers"),
    ("Mongolia", "Mongolian", "Ulaanbaatar"),
    ("Sri Lanka", "Sri Lankan", "Colombo"),
]
ROLES = [
    "Prime Minister",
    "President",
    "Foreign Minister",
    "Defence Minister",
    "Economy Minister",
    "Trade Minister",
    "Deputy Prime Minister",
    "Energy Minister",
]
FIRST = [
    "Amir",
    "Elena",
    "Tomas",
    "Farida",
    "Kenji",
    "Lucia",
    "Omar",
    "Ingrid",
    "Rahul",
    "Mei",
    "Viktor",
    "Adaeze",
    "Carlos",
    "Nadia",
    "Samuel",
    "Leyla",
    "Pieter",
    "Hana",
    "Rustam",
    "Grace",
    "Anton",
    "Beatriz",
    "Tariq",
    "Sofia",
    "Dmitri",
    "Aigerim",
    "Joao",
    "Nour",
]
LAST = [
    "Karimov",
    "Novak",
    "Haddad",
    "Tanaka",
    "Moreno",
    "Okafor",
    "Lindqvist",
    "Sharma",
    "Chen",
    "Petrenko",
    "Aliyev",
    "Rossi",
    "Mensah",
    "Kowalski",
    "Nguyen",
    "Fischer",
    "Suleimenov",
    "Ibrahim",
    "Dubois",
    "Santos",
    "Yilmaz",
    "Horvath",
    "Mukherjee",
    "Bakr",
    "Ortega",
]
BODIES = [
    "the United Nations",
    "the European Union",
    "NATO",
    "the African Union",
    "ASEAN",
    "the World Bank",
    "the International Monetary Fund",
    "the OSCE",
]
SECTORS = [
    "energy",
    "agriculture",
    "transport",
    "digital technologies",
    "education",
    "health care",
    "tourism",
    "mining",
    "water management",
    "customs",
    "logistics",
    "pharmaceuticals",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

TOWNS = [
    "Millbrook",
    "Ashford Vale",
    "Port Keller",
    "Redwater",
    "Elmstead",
    "Harrow Bay",
    "Cedar Falls",
    "Northgate",
    "Bramley",
    "Stonebridge",
    "Lakeview",
    "Westmere",
    "Oakham Cross",
]
TEAMS = [
    "Riverside Rovers",
    "Northgate United",
    "Harrow Bay Athletic",
    "Redwater City",
    "Elmstead Wanderers",
    "Port Keller Mariners",
    "Cedar Falls Hawks",
    "Stonebridge Town",
]
COMPANIES = [
    "Brightline Foods",
    "Kellerman Logistics",
    "Oakham Textiles",
    "Westmere Dairy",
    "Lakeview Software",
    "Bramley Brewing Co.",
    "Harbour Print Works",
    "Stonebridge Builders",
    "Greenfield Organics",
    "Northgate Motors",
]
VENUES = [
    "the Civic Theatre",
    "the town museum",
    "the Old Mill Gallery",
    "Riverside Park",
    "the public library",
    "the Corn Exchange",
    "St Anne's Hall",
    "the county showground",
]

# --- templates: interstate diplomacy ------------------------------------------------------------

DIPLO_TITLES = [
    "{A} and {B} agree to expand cooperation in {sector}",
    "{A_dem} {role_a} holds talks in {cap_b}",
    "{A} imposes sanctions on {B} officials",
    "{B} summons {A_dem} ambassador",
    "{A} and {B} sign {k} documents",
    "{A} condemns {B_dem} strikes",
]
DIPLO_LEAD = [
    "{role_a} {pa} of {A} met {pos} {B_dem} counterpart, {pb}, in {cap_b} on {weekday}.",
    "{A_dem} {role_a} {pa} arrived in {cap_b} on {weekday} for a {n} day official visit.",
    "{role_a} {pa} of {A} held a telephone conversation with {role_b} {pb} of {B} on {weekday}.",
    "{A} and {B} signed {k} agreements on {sector} and {sector2} in {cap_a} on {weekday}.",
    "{A} imposed sanctions on {n} {B_dem} officials on {weekday}, accusing them of "
    "undermining regional security.",
    "{A_dem} authorities expelled {n} {B_dem} diplomats on {weekday} and summoned the "
    "{B_dem} ambassador to lodge a protest.",
    "{A_dem} forces carried out air strikes on targets in {B} on {weekday}, the {B_dem} "
    "defence ministry said.",
    "{A} has moved troops and armoured vehicles to its border with {B}, officials in {cap_b} "
    "said on {weekday}.",
]
DIPLO_BODY = [
    "The two sides discussed trade, investment and cooperation in {sector}, the {A_dem} "
    "government said in a statement.",
    "Following the talks, the ministers signed a memorandum of understanding on {sector} and "
    "an agreement on {sector2}.",
    "Trade between {A} and {B} grew by {pct} percent in the first {months} months of the year, "
    "reaching ${amount} million.",
    "{pa} invited {pb} to visit {A} next year, and the invitation was accepted.",
    "{role_b} {pb} will visit {cap_a} next month, the foreign ministry said.",
    'The {B_dem} foreign ministry condemned the decision as "unfriendly and unjustified".',
    "{B} rejected the accusations and said it would respond in kind.",
    "{A} agreed to provide a loan of ${amount} million to finance {sector} projects in {B}.",
    "{body} called on both sides to exercise restraint and return to negotiations.",
    "The {A_dem} side asked {B} to release the detained crew of the vessel without delay.",
    "If {B} does not lift its restrictions, {A} will impose tariffs on {B_dem} goods, {pa} warned.",
    "Relations between the two countries have improved since {pb}'s state visit to {cap_a} "
    "in {month} {year_before}.",
    "Officials said the two leaders did not meet on the sidelines of the summit.",
    "The two countries agreed to hold joint military exercises in {month}.",
    "Several hundred protesters gathered outside the {A_dem} embassy in {cap_b} on {weekday}.",
    "{B} announced a ceasefire and said it would withdraw its forces from the border area.",
    '{pa} praised what {prn} called the "strategic partnership" between {A} and {B}.',
    "The ministers also discussed the situation in the region and the work of {body}.",
    "{A_dem} border guards detained {n} {B_dem} nationals accused of illegal fishing.",
    "A joint commission on economic cooperation will meet in {cap_b} in {month}.",
    "{A_dem} investment in {B} reached ${amount} million last year, mostly in {sector}.",
    "The delegation included the ministers of {sector} and {sector2} and business leaders.",
    "{pa} said {A} was ready to share its experience in {sector} with {B_dem} partners.",
    "The {B_dem} ambassador was handed a note of protest at the foreign ministry in {cap_a}.",
    "{A} accused {B} of violating its airspace and called the incident a provocation.",
    "{B} released {n} {A_dem} prisoners on {weekday} as a goodwill gesture.",
    "A contract worth ${amount} million was signed for the supply of equipment for {sector}.",
    "{A} will send {n} tonnes of humanitarian aid to {B}, the emergency ministry said.",
    "{A_dem} officials said {B} had refused a proposal to reopen the border crossing.",
    "The sides agreed to open a direct flight between {cap_a} and {cap_b} in {month}.",
    "Talks between the delegations of {A} and {B} will continue in {cap_a} next week.",
    "{body} said it was monitoring the situation closely.",
]

# --- templates: general news (no interstate content) -------------------------------------------

GENERAL: dict[str, dict[str, list[str]]] = {
    "sport": {
        "title": [
            "{team} edge {team2} in {n}-goal thriller",
            "{team} coach {p} signs new contract",
            "Late goal keeps {team} in title race",
        ],
        "body": [
            "{team} beat {team2} {s1}-{s2} on {weekday} evening in front of a crowd of {big}.",
            "The winning goal came in the {minute}th minute, when {p} headed in from a corner.",
            "Coach {p} said {prn} was proud of the way the players had responded after the break.",
            '"We knew it would be a hard game, and we stayed patient," {p} told reporters.',
            "{team2} had the better of the first half but failed to turn possession into chances.",
            "The result leaves {team} {n} points clear at the top of the table with {n2} games "
            "left.",
            "{p}, who joined the club in the summer, has now scored {n} goals this season.",
            "Tickets for the next home game against {team2} go on sale on {weekday}.",
            "The club's youth academy will hold open trials at {venue} in {month}.",
            "Rain made the pitch heavy, and both sides struggled to keep the ball on the ground.",
            "The referee showed {n} yellow cards, and {team2} finished with ten men.",
            "{p} was substituted with a hamstring injury shortly before half-time.",
            "The club confirmed that the stand behind the goal will reopen after repairs in "
            "{month}.",
            "Supporters travelled in numbers, and the away end was sold out for the first time.",
            "{team} have not lost at home since {month}, a run of {n2} matches.",
            "The goalkeeper made {n} saves, including a penalty stop just after the hour.",
            "Next up for {team} is a cup tie against {team2} on {weekday}.",
            "The women's team also won, beating {team2} {s1}-{s2} in the afternoon game.",
            "Attendance this season is up by {pct} percent, the club said.",
        ],
    },
    "weather": {
        "title": [
            "Heavy rain expected across {town} this weekend",
            "Heatwave to continue, forecasters say",
            "Frost warning issued for {town}",
        ],
        "body": [
            "Forecasters expect up to {n} centimetres of rain in {town} between {weekday} and "
            "Sunday.",
            "Temperatures are set to reach {temp} degrees on {weekday}, well above the seasonal "
            "average.",
            "The local council has opened cooling centres at {venue} and {venue2}.",
            "Drivers are advised to allow extra time, as several roads near {town} may flood.",
            '"People should check on elderly neighbours and drink plenty of water," said {p}, '
            "a council spokesperson.",
            "Overnight frost is likely in rural areas, with temperatures falling to minus {n}.",
            "Farmers said the dry spell had already reduced the hay harvest by about {pct} "
            "percent.",
            "The weather service said conditions would ease by the middle of next week.",
            "Strong winds brought down trees on the road between {town} and {town2} on {weekday}.",
            "The ferry service to {town2} was suspended for the afternoon.",
            "Sunshine is forecast for the weekend, with highs of {temp} degrees inland.",
            "The river at {town} rose by almost a metre overnight, the environment agency said.",
            "Schools in {town2} will close early on {weekday} because of the expected snow.",
            "The gritting lorries will be out from six in the evening, the council said.",
            "Last month was the wettest {month} on record at the {town} weather station.",
            "Pollen levels are expected to be very high for the next few days.",
            "Fog is likely to affect the morning commute on {weekday}.",
            "A yellow warning for wind remains in place until midnight.",
        ],
    },
    "business": {
        "title": [
            "{company} to hire {n} staff at new {town} site",
            "{company} reports record sales",
            "Shop owners in {town} worry about rising rents",
        ],
        "body": [
            "{company} said on {weekday} it would open a new warehouse in {town} next spring.",
            "The firm expects sales of about ${amount} million this year, up {pct} percent.",
            "Chief executive {p} said demand had been strong despite higher energy costs.",
            "The company employs {big} people, most of them in {town} and {town2}.",
            "Local shop owners said footfall on the high street had fallen since the new "
            "car park charges were introduced.",
            '"We are investing in the town because our people are here," {p} said.',
            "The chamber of commerce will hold a meeting for small businesses at {venue} on "
            "{weekday}.",
            "Shares in {company} rose {n} percent in early trading.",
            "Planning permission for the site was granted by the council in {month}.",
            "The bakery on Market Street will close at the end of {month} after {n2} years.",
            "Unemployment in the district fell to {n}.{n} percent, the lowest in a decade.",
            "{company} said profit before tax rose to ${amount} million in the last quarter.",
            "The new site will include a training centre for apprentices.",
            "House prices in {town} rose {pct} percent over the past year, estate agents said.",
            "{p}, who founded the business in a garage, now runs {n} shops in the county.",
            "The farmers' market in {town2} will move to {venue} from {month}.",
            "Analysts said higher interest rates were weighing on demand for new cars.",
            "The credit union has opened a branch in {town} to serve the growing suburb.",
        ],
    },
    "culture": {
        "title": [
            "{town} arts festival returns with {n} events",
            "New exhibition opens at {venue}",
            "Local choir wins regional competition",
        ],
        "body": [
            "The festival opens on {weekday} at {venue} with a concert by the town orchestra.",
            "More than {n} artists will show their work over the {n2} days of the festival.",
            "Curator {p} said the exhibition brings together paintings from private collections.",
            "Tickets cost ${n} for adults, and children under twelve go free.",
            "The choir, led by {p}, has rehearsed twice a week since {month}.",
            '"It is a celebration of everything that makes this town special," said {p}.',
            "A new play about the history of the mill will be staged at {venue} in {month}.",
            "Volunteers have spent months restoring the bandstand in {venue2}.",
            "The library is running free poetry workshops for teenagers every {weekday}.",
            "Last year's festival drew about {big} visitors, organisers said.",
            "The film club will screen a restored silent classic with live piano on {weekday}.",
            "{p}'s first novel, set in a seaside town, has been shortlisted for a prize.",
            "The museum has received a grant to digitise its collection of old photographs.",
            "Local schools will perform a joint concert at {venue2} in {month}.",
            "The jazz night at {venue} has sold out for the third year running.",
            "A mural by young artists now covers the wall of the old bus depot.",
            "The theatre company is looking for volunteers to help backstage.",
            "Entry to the exhibition is free on the first {weekday} of each month.",
        ],
    },
    "local": {
        "title": [
            "Council approves new cycle lanes in {town}",
            "{town} school to get new sports hall",
            "Residents oppose plans for housing on green belt",
        ],
        "body": [
            "Councillors voted {n} to {n2} on {weekday} to approve the plans.",
            "The project will cost about ${amount} million and should be finished by {month}.",
            "Residents of {town} said they were worried about traffic on School Lane.",
            '"We have listened to people and changed the design," said councillor {p}.',
            "A public consultation will run at {venue} until the end of {month}.",
            "The headteacher, {p}, said the new hall would be used by local clubs at weekends.",
            "Police asked drivers to avoid the town centre on {weekday} because of road works.",
            "The bus route between {town} and {town2} will run every {n} minutes from {month}.",
            "Recycling collections will move to {weekday} from next month.",
            "The mayor, {p}, opened the renovated playground in {venue2} on {weekday}.",
            "Firefighters were called to a barn fire near {town2} on {weekday} night.",
            "The council will spend ${amount} thousand on repairing potholes this year.",
            "A petition against the plans has been signed by more than {big} people.",
            "Parking on the high street will be free on Saturdays until {month}.",
            "The community centre will host a blood donation session on {weekday}.",
            "Water supplies were interrupted for several hours after a main burst.",
            "The new pedestrian crossing near the primary school was opened on {weekday}.",
            "Police are appealing for witnesses after a break-in at a shop in {town}.",
        ],
    },
}

OUTLETS = [
    "Harbour Evening News",
    "Valley Courier",
    "Meridian Post",
    "Caspian Wire",
    "Northgate Gazette",
    "Equator Newswire",
    "County Herald",
    "Atlantic Ledger",
]
ZONES = ["+00:00", "+01:00", "+02:00", "+03:00", "+04:00", "+05:30", "+08:00", "-05:00"]

SLOT = re.compile(r"\{(\w+)\}")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


class _Slots:
    """Slot values for one article: fixed per article (countries, people), some drawn per use."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng = rng
        (a, a_dem, cap_a), (b, b_dem, cap_b) = rng.sample(COUNTRIES, 2)
        towns = rng.sample(TOWNS, 2)
        teams = rng.sample(TEAMS, 2)
        venues = rng.sample(VENUES, 2)
        self.fixed = {
            "A": a,
            "B": b,
            "A_dem": a_dem,
            "B_dem": b_dem,
            "cap_a": cap_a,
            "cap_b": cap_b,
            "role_a": rng.choice(ROLES),
            "role_b": rng.choice(ROLES),
            "pa": _person(rng),
            "pb": _person(rng),
            "p": _person(rng),
            "town": towns[0],
            "town2": towns[1],
            "team": teams[0],
            "team2": teams[1],
            "venue": venues[0],
            "venue2": venues[1],
            "company": rng.choice(COMPANIES),
            "body": rng.choice(BODIES),
            "pos": rng.choice(["his", "her"]),
            "prn": rng.choice(["he", "she"]),
            "year_before": str(year - rng.randint(1, 6)),
        }

    def value(self, name: str) -> str:
        rng = self.rng
        if name in self.fixed:
            return self.fixed[name]
        drawn = {
            "sector": lambda: rng.choice(SECTORS),
            "sector2": lambda: rng.choice(SECTORS),
            "weekday": lambda: rng.choice(WEEKDAYS[:5]),
            "month": lambda: rng.choice(MONTHS),
            "n": lambda: str(rng.randint(2, 12)),
            "n2": lambda: str(rng.randint(2, 30)),
            "k": lambda: rng.choice(["three", "four", "five", "seven"]),
            "pct": lambda: f"{rng.randint(3, 60)}.{rng.randint(0, 9)}",
            "months": lambda: rng.choice(["three", "six", "eight", "nine"]),
            "amount": lambda: str(rng.randint(5, 900)),
            "big": lambda: f"{rng.randint(1, 40)},{rng.randint(0, 999):03d}",
            "s1": lambda: str(rng.randint(1, 4)),
            "s2": lambda: str(rng.randint(0, 3)),
            "minute": lambda: str(rng.randint(50, 89)),
            "temp": lambda: str(rng.randint(29, 41)),
        }
        return drawn[name]()

    def fill(self, template: str) -> str:
        text = SLOT.sub(lambda m: self.value(m.group(1)), template)
        return text[0].upper() + text[1:]


def _paragraphs(
    rng: random.Random,
    slots: _Slots,
    pools: list[list[str]],
    weights: list[float],
    target_words: int,
) -> list[str]:
    paragraphs: list[str] = []
    decks: list[list[str]] = [[] for _ in pools]
    words = 0
    while words < target_words:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            i = rng.choices(range(len(pools)), weights)[0]
            if not decks[i]:  # draw without replacement; reshuffle when a pool runs out
                decks[i] = rng.sample(pools[i], len(pools[i]))
            sentences.append(slots.fill(decks[i].pop()))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return paragraphs


def make_article(rng: random.Random, index: int, diplomacy_share: float = 0.3) -> dict[str, str]:
    """One synthetic article as a JSON-ready dict (id, url, outlet, published, title, ...)."""
    start = dt.datetime(2015, 1, 1)
    span = (dt.datetime(2026, 12, 31) - start).total_seconds()
    when = start + dt.timedelta(seconds=rng.uniform(0, span))
    slots = _Slots(rng, when.year)
    target = rng.randint(300, 800)
    if rng.random() < diplomacy_share:
        kind = "diplomacy"
        title = slots.fill(rng.choice(DIPLO_TITLES))
        lead = slots.fill(rng.choice(DIPLO_LEAD))
        # Diplomacy stories carry some general background too, as real ones do.
        background = GENERAL["business"]["body"]
        body = _paragraphs(rng, slots, [DIPLO_BODY, background], [0.85, 0.15], target)
        paragraphs = [lead, *body]
    else:
        kind = rng.choice(sorted(GENERAL))
        section = GENERAL[kind]
        title = slots.fill(rng.choice(section["title"]))
        paragraphs = _paragraphs(rng, slots, [section["body"]], [1.0], target)
    zone = rng.choice(ZONES)
    outlet = rng.choice(OUTLETS)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return {
        "id": f"synthetic-{index:07d}",
        "url": f"https://news.example.org/{kind}/{when:%Y/%m/%d}/{slug}",
        "outlet": outlet,
        "published": when.strftime("%Y-%m-%dT%H:%M:00") + zone,
        "title": title,
        "author": _person(rng),
        "text": "\n\n".join(paragraphs),
        "category": kind,
    }


def iter_corpus(n: int, seed: int = 13, diplomacy_share: float = 0.3) -> Iterator[dict[str, str]]:
    """The first ``n`` articles of the corpus for ``seed`` (a prefix of any longer run)."""
    rng = random.Random(seed)
    for i in range(n):
        yield make_article(rng, i, diplomacy_share)


def write_corpus(path: Path, n: int, seed: int = 13, diplomacy_share: float = 0.3) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for article in iter_corpus(n, seed, diplomacy_share):
            f.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a synthetic news corpus (JSONL) from invented sentence templates.",
        epilog="example: python bench/make_corpus.py --n 10000 --out bench/out/corpus.jsonl",
    )
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).parent / "out" / "corpus.jsonl",
        help="output JSONL file (default bench/out/corpus.jsonl)",
    )
    parser.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    parser.add_argument(
        "--diplomacy-share",
        type=float,
        default=0.3,
        help="share of interstate diplomacy articles (default 0.3)",
    )
    args = parser.parse_args(argv)
    path = write_corpus(args.out, args.n, args.seed, args.diplomacy_share)
    size = path.stat().st_size
    print(f"wrote {args.n} articles to {path} ({size / 1e6:.1f} MB, seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
