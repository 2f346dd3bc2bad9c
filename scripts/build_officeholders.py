"""Build ``officeholders.tsv`` from the public CAMEO/Phoenix actor dictionaries.

The Phoenix dictionaries (translated from CountryInfo.txt by the Parus Analytics/OEDA
projects, MIT licence) list thousands of officials with date-restricted codes such as
``[RUSGOV 000507-080507]``. They stop in 2014 and do not say *which* office a person held,
so every row gets a role derived from the CAMEO sector only ("Government official",
"Political figure", ...). The hand-curated ``officeholders_curated.tsv`` supplies exact
offices for the leaders that matter most and overrides these rows at load time.

Usage::

    python scripts/build_officeholders.py \
        [--countries PATH] [--international PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pycountry

PEERS = Path("/work/shared/peers/petrarch2")
REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "bilat" / "knowledge" / "data" / "officeholders.tsv"
COLUMNS = ("name", "aliases", "country", "role", "sector", "start", "end", "origin")

# CAMEO codes that are not ISO 3166 alpha-3. Historical states keep the codes the tests
# accept (SUN, YUG, DDR, CSK); Serbia and Montenegro (SCG, 2003-06) continues the Federal
# Republic of Yugoslavia (FRY), so both fold into YUG. Kosovo (KSV) has no ISO code: skipped.
COUNTRY_FIXES = {"TMP": "TLS", "USR": "SUN", "SCG": "YUG", "FRY": "YUG"}
HISTORIC = {"SUN", "YUG", "DDR", "CSK"}


def word_set(text: str) -> frozenset[str]:
    """Space-separated word list as a set (keeps the long vocabularies below readable)."""
    return frozenset(text.split())


# CAMEO sector/role codes that follow the country code. Anything else in positions 3-6 that
# is an ISO code is a dependent territory (GBRVGB..., FRANCL...), which becomes the country.
SECTOR_CODES = word_set(
    "GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL ELI LAB LEG AGR DEV HLH HRI ENV "
    "REF REL MOD RAD UAF INS SEP IGO NGO MNC UNR IMG SET AMN IRC MUS CHR JEW BUD HIN SHI "
    "SUN CTH ORT PRO OCC AUT TMP"
)
# Sectors that make a person a state actor worth keeping, with the role we can honestly
# claim. Rebels, insurgents, parties, businesses and NGOs are not office holders.
SECTOR_ROLES = {
    "GOV": "Government official",
    "ELI": "Political figure",
    "LEG": "Legislator",
    "MIL": "Military officer",
    "JUD": "Judicial official",
    "SPY": "Intelligence official",
    "COP": "Police official",
    "OPP": "Opposition figure",
}

# Words stripped from the front of a synonym ("PRESIDENT_VLADIMIR_PUTIN" -> "Vladimir
# Putin", "GEN._EISENHOWER" -> "Eisenhower"). A demonym ("RUSSIAN") is stripped only when
# a title word follows, so first names that look like countries survive.
TITLE_WORDS = word_set(
    "PRESIDENT PRESIDENT-ELECT VICE VICE-PRESIDENT PRIME MINISTER MINISTERS FOREIGN "
    "DEFENSE DEFENCE INTERIOR FINANCE DEPUTY FIRST FORMER EX MR MR. MRS MRS. MS MS. DR DR. "
    "GEN GEN. GENERAL LT LT. COL COL. MAJ MAJ. ADM ADM. ADMIRAL MARSHAL FIELD SENATOR SEN "
    "SEN. GOVERNOR GOV GOV. GOVENOR CONGRESSMAN CONGRESSWOMAN REPRESENTATIVE REP REP. "
    "SECRETARY SECRETARY-GENERAL CHANCELLOR PREMIER CHAIRMAN SPEAKER KING QUEEN PRINCE "
    "CROWN EMIR AMIR SULTAN AYATOLLAH GRAND LEADER SUPREME OF THE STATE UNITED STATES US "
    "U.S. UN U.N. UNITED_NATIONS NATIONS PM FM AMBASSADOR ENVOY SHEIKH SHAIKH SHAYKH "
    "HOJATOLISLAM HOJATOLESLAM HOJJATOLESLAM SAYYED SAYYID SEYYED"
)
# A cleaned synonym that still contains one of these names an institution or a title
# phrase, not a person ("THE_BUSH_ADMINISTRATION", "MOSCOW_PARTY_CHIEF_...").
NON_NAME_WORDS = word_set(
    "ADMINISTRATION GOVERNMENT REGIME PARTY CHIEF LEADER CAMP FORCES SUPPORTERS LOYALISTS "
    "OF THE MINISTER PRESIDENT GOVERNOR SENATOR MINISTRY CABINET FAMILY AND OFFICE "
    "SPOKESMAN SPOKESPERSON COUNCIL COMMITTEE"
)
# Primary phrases of records that are institutions even though they carry dated codes.
ORG_WORDS = word_set(
    "REPUBLIC ASSEMBLY COUNCIL PARTY FRONT FORCE FORCES SOVIET MINISTRY DEPARTMENT COMMITTEE "
    "COMMISSION ARMY GOVERNMENT UNION BANK AGENCY OFFICE COURT POLICE MILITARY NATIONAL "
    "CONGRESS PARLIAMENT SENATE STATE STATES ADMINISTRATION MOVEMENT ORGANIZATION "
    "ORGANISATION GROUP BRIGADE BRIGADES AUTHORITY SERVICE INSTITUTE UNIVERSITY CORPS GUARD "
    "GUARDS CABINET COALITION ALLIANCE TASK TEAM KINGDOM ISLANDS DECLARATION OF THE AND "
    "FOR"
)
NAME_PARTICLES = word_set(
    "al bin bint ibn de da di do dos das del della la le van von der den el ud ul ur y"
)


@dataclass
class Code:
    """One bracketed code; ``start``/``end`` None mean unbounded, both None = default."""

    code: str
    start: date | None
    end: date | None
    default: bool


@dataclass
class Record:
    """A primary phrase with its synonyms and codes, as PETRARCH groups them."""

    phrases: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def parse_cameo_date(text: str) -> date:
    """YYMMDD (years <= 30 are 20xx, as in PETRARCH's ``dstr_to_ordate``) or YYYYMMDD."""
    if len(text) == 8:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        return date(year, int(text[2:4]), int(text[4:6]))
    raise ValueError(f"bad CAMEO date {text!r}")


def parse_code(inner: str) -> Code | None:
    """Parse the inside of ``[...]``; malformed dates are dropped rather than guessed."""
    parts = inner.split(None, 1)
    if not parts:
        return None
    code, rest = parts[0].strip(), (parts[1] if len(parts) > 1 else "").replace(" ", "")
    if not re.fullmatch(r"[A-Z]{3,}", code):
        return None
    try:
        if not rest:
            return Code(code, None, None, True)
        if rest[0] in "<>":
            when = parse_cameo_date(rest[1:])
            return (
                Code(code, None, when, False) if rest[0] == "<" else Code(code, when, None, False)
            )
        first, _, second = rest.partition("-")
        start, end = parse_cameo_date(first), parse_cameo_date(second)
    except ValueError:
        return None
    if end < start:
        return None
    return Code(code, start, end, False)


def read_records(path: Path) -> Iterator[Record]:
    """Group dictionary lines into records with PETRARCH's rule: consecutive primary
    phrases without codes share the codes that follow them."""
    current: Record | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", "<")):
            continue
        body, comment = raw, ""
        for sep in ("#", ";"):
            if sep in body:
                cut = body.index(sep)
                comment, body = body[cut:] + comment, body[:cut]
        codes = [c for c in map(parse_code, re.findall(r"\[([^\]]*)\]", body)) if c]
        text = re.sub(r"\[[^\]]*\]", "", body).strip()
        if not text:
            if current is not None:
                current.codes.extend(codes)
            continue
        if text.startswith("+"):
            if current is not None:
                current.phrases.append(text[1:].strip())
                current.codes.extend(codes)
                current.comments.append(comment)
            continue
        if current is None or current.codes:
            if current is not None:
                yield current
            current = Record()
        current.phrases.append(text)
        current.codes.extend(codes)
        current.comments.append(comment)
    if current is not None:
        yield current


def tokens(phrase: str) -> list[str]:
    return [t for t in re.split(r"[_\s]+", phrase.strip().strip("_")) if t]


def smart_title(words: list[str]) -> str:
    """Title-case an upper-case name, keeping Arabic/European particles lower case
    ("BASHAR_AL-ASSAD" -> "Bashar al-Assad") and Mc- names ("McDonough")."""
    out = []
    for i, word in enumerate(words):
        cased = []
        for j, part in enumerate(word.split("-")):
            low = part.lower()
            if (i, j) != (0, 0) and low in NAME_PARTICLES:
                cased.append(low)
            elif low.startswith("mc") and len(low) > 2:
                cased.append("Mc" + low[2:].capitalize())
            elif "." in low:  # initials: "A.R." -> "A.R."
                cased.append(re.sub(r"(^|\.)([a-z])", lambda m: m[1] + m[2].upper(), low))
            elif re.fullmatch(r"[a-z]'[a-z]+", low):  # O'Brien, D'Alema
                cased.append(low[:2].upper() + low[2:].capitalize())
            else:
                cased.append(low.capitalize())
        out.append("-".join(cased))
    return " ".join(out)


def clean_alias(phrase: str, demonyms: frozenset[str]) -> list[str] | None:
    """Strip leading titles; return the name's words, or None if it is not a name."""
    words = [w.upper() for w in tokens(phrase)]
    while len(words) > 1:
        head = words[0].rstrip(",")
        if head in TITLE_WORDS or (head in demonyms and words[1] in TITLE_WORDS):
            words = words[1:]
        else:
            break
    if not words or any(w.rstrip(",") in NON_NAME_WORDS for w in words):
        return None
    if any(not re.fullmatch(r"[A-Z\u00c0-\u024f.'\-]+", w) for w in words):
        return None
    if len(words) == 1 and (len(words[0]) < 3 or words[0] in TITLE_WORDS):
        return None
    return words


def fold(text: str) -> str:
    """Comparison key used only for de-duplicating aliases in this script."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s.\-']+", " ", plain.lower()).strip()


def resolve_country(code: str) -> tuple[str, str] | None:
    """Split a CAMEO actor code into (ISO-ish country, sector); None for non-state codes."""
    prefix, rest = code[:3], code[3:]
    prefix = COUNTRY_FIXES.get(prefix, prefix)
    if prefix not in HISTORIC and pycountry.countries.get(alpha_3=prefix) is None:
        return None
    sub = rest[:3]
    if len(rest) >= 3 and sub not in SECTOR_CODES:
        territory = COUNTRY_FIXES.get(sub, sub)
        if territory in HISTORIC or pycountry.countries.get(alpha_3=territory) is not None:
            prefix, rest = territory, rest[3:]
    return prefix, rest


def role_for(sector: str) -> str | None:
    """Role we can claim from the sector alone; None drops non-state sectors."""
    if sector == "":
        return "Government official"
    head = sector[:3]
    if head == "GOV":
        if sector[3:6] == "LEG":
            return "Legislator"
        return "Government official"
    return SECTOR_ROLES.get(head)


def is_un_secretary_general(record: Record) -> bool:
    """IGO persons are skipped except UN Secretaries-General, which map to UNO."""
    if not any(c.code == "IGOUNO" and not c.default for c in record.codes):
        return False
    joined = " ".join(record.phrases + record.comments).upper().replace("-", "_")
    return "IGORULERS" in joined or "SECRETARY_GENERAL" in joined


def looks_like_person(record: Record) -> bool:
    """CountryInfo persons carry a ``# CountryInfo.txt`` comment; hand-added ones are
    accepted when they have a dated code and a name-like primary phrase."""
    if "COUNTRYINFO" in record.comments[0].upper():
        return True
    if not any(not c.default for c in record.codes):
        return False
    words = [w.upper().strip(",") for w in tokens(record.phrases[0])]
    return 2 <= len(words) <= 5 and not (set(words) & ORG_WORDS)


def merge(intervals: Iterable[tuple[date | None, date | None]]) -> list[tuple[date, date]]:
    """Union overlapping or adjacent intervals (None -> date.min/date.max)."""
    spans = sorted((s or date.min, e or date.max) for s, e in intervals)
    out: list[tuple[date, date]] = []
    for start, end in spans:
        if out and start <= (out[-1][1] + timedelta(days=1) if out[-1][1] < date.max else date.max):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def iso(day: date) -> str:
    return "" if day in (date.min, date.max) else day.isoformat()


def person_rows(record: Record, demonyms: frozenset[str]) -> list[dict[str, str]]:
    """Rows for one person: dated codes merged per (country, sector); a default code
    covers the time after the last dated one (CountryInfo's "after leaving office")."""
    names: list[list[str]] = []
    seen: set[str] = set()
    for phrase in record.phrases:
        words = clean_alias(phrase, demonyms)
        if words and fold(" ".join(words)) not in seen:
            seen.add(fold(" ".join(words)))
            names.append(words)
    primary = clean_alias(record.phrases[0], demonyms)
    if not primary or len(primary) < 2:
        multi = [n for n in names if len(n) >= 2]
        if not multi:
            return []
        primary = multi[0]
    display = smart_title(primary)
    aliases = [smart_title(n) for n in names if fold(" ".join(n)) != fold(display)]

    un_head = is_un_secretary_general(record)
    spans: dict[tuple[str, str, str], list[tuple[date | None, date | None]]] = {}
    defaults: list[tuple[str, str, str]] = []
    for code in record.codes:
        if code.code == "IGOUNO" and un_head:
            key = ("UNO", "", "Secretary-General")
        else:
            resolved = resolve_country(code.code)
            if resolved is None:
                continue
            role = role_for(resolved[1])
            if role is None:
                continue
            key = (resolved[0], resolved[1], role)
        if code.default:
            defaults.append(key)
        else:
            spans.setdefault(key, []).append((code.start, code.end))
    dated_end = max((e or date.max for v in spans.values() for _, e in v), default=None)
    for key in defaults:
        if dated_end is None:
            spans.setdefault(key, []).append((None, None))
        elif dated_end < date.max:
            spans.setdefault(key, []).append((dated_end + timedelta(days=1), None))
    rows = []
    for (country, sector, role), intervals in spans.items():
        for start, end in merge(intervals):
            rows.append(
                {
                    "name": display,
                    "aliases": "|".join(aliases),
                    "country": country,
                    "role": role,
                    "sector": sector,
                    "start": iso(start),
                    "end": iso(end),
                    "origin": "phoenix",
                }
            )
    return rows


def collect_demonyms(records: Iterable[Record]) -> frozenset[str]:
    """Single-word synonyms of country records ("RUSSIAN", "AMERICAN") for title stripping."""
    out: set[str] = set()
    for record in records:
        if any(re.fullmatch(r"[A-Z]{3}", c.code) for c in record.codes):
            out.update(w.upper() for p in record.phrases if len(ws := tokens(p)) == 1 for w in ws)
    out.update({"AMERICAN", "BRITISH", "US", "U.S.", "UK", "U.K."})
    return frozenset(out)


def build(paths: list[Path]) -> list[dict[str, str]]:
    records = [r for path in paths for r in read_records(path)]
    demonyms = collect_demonyms(records)
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    for record in records:
        if not looks_like_person(record) and not is_un_secretary_general(record):
            continue
        for row in person_rows(record, demonyms):
            key = tuple(row[c] for c in COLUMNS if c != "aliases")
            if key in rows:  # duplicate records ("K._ANNAN_"): union their aliases
                merged = rows[key]["aliases"].split("|") + row["aliases"].split("|")
                rows[key]["aliases"] = "|".join(dict.fromkeys(a for a in merged if a))
            else:
                rows[key] = row
    return sorted(rows.values(), key=lambda r: (r["country"], r["name"], r["start"], r["role"]))


def write_tsv(rows: list[dict[str, str]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE
        )
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--countries", type=Path, default=PEERS / "Phoenix.Countries.actors.txt")
    parser.add_argument(
        "--international", type=Path, default=PEERS / "Phoenix.International.actors.txt"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = build([args.countries, args.international])
    write_tsv(rows, args.out)
    people = len({(r["name"], r["country"]) for r in rows})
    print(f"wrote {len(rows)} rows for {people} persons to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
