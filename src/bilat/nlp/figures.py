"""Quantities about economic relations between countries: trade, investment, aid, debt, tariffs.

Works on sentence text with regular expressions (no parse needed) and looks at a sentence only
when it holds a digit or a spelled-out amount and one of the keywords below.

A figure is a number with a unit: a currency, a percentage, or a physical unit. Bare numbers
(casualties, troops, years, ages, population) are never figures. A number with a unit is kept
only when the nearest keyword names an economic relation; when the nearest keyword points
elsewhere (GDP, inflation, budget, votes, population, casualties, a currency's exchange rate,
production, demand, "overall", "global" or "domestic" totals) it is skipped, and so is a
percentage "of" such a thing ("67% of its GDP").

Indicators (nearest keyword wins, ties go to the earlier entry):
``trade deficit``, ``trade surplus``, ``trade balance``, ``trade volume`` (trade, turnover,
two-way trade, commerce), ``exports``, ``imports``, ``investment``, ``debt relief``, ``debt``
(debt, creditors, arrears, owes), ``credit line``, ``loan`` (loans, lending, bailouts),
``remittances``, ``grant``, ``aid`` (aid, assistance, humanitarian, relief, donations),
``tariff`` (tariff, duty, surtax, levy, customs), ``sanctions``, ``arms sales``,
``equity stake``, ``acquisition``, ``contract value`` (contract, deal, agreement, accord, worth,
valued at, order), ``supplies`` (supply, deliveries, shipments). A percentage on a flow
(trade, exports, imports, investment, aid, loans, grants, deficits, surpluses) becomes
"<indicator> change" next to a verb of change ("grew 39 percent") and "<indicator> share"
otherwise ("20% of its trade"); next to "interest" it is "<indicator> interest rate". In
"X% of <words>" the flow named in those words wins ("40% of its gas imports" is imports).
Percentages are kept only for flows, tariffs, sanctions, debt relief and equity stakes.

Units: ``percent``, ``percentage points``, ISO 4217 codes, ``tonnes`` (tons and tonnes alike),
``barrels``, ``barrels per day``, ``cubic metres``. Values are in base units: "$3.7 billion" is
3700000000 USD, "Rs 2 crore" is 20000000, "10 bcm" is 10000000000 cubic metres.

Currency decisions:

- "$" and an unqualified "dollars" are USD; "C$", "A$", "HK$", "NT$", "S$", "NZ$", "R$" and
  "Canadian/Australian/Taiwan/... dollars" are the local dollar.
- "¥" is JPY unless the countries include China and not Japan (then CNY).
- Bare "Rs"/"rupees": the rupee of the country the article's web domain belongs to (.lk, .pk,
  .np, .in); else INR for "crore"/"lakh" amounts about India; else, in priority order, LKR, PKR,
  NPR, MUR, SCR, INR for the first of those countries among the sentence's and article's
  countries; INR when none is. So Sri Lankan amounts are LKR wherever Sri Lanka is involved.
- Bare "francs": CHF with Switzerland, FRF with France or before 2002, else CHF. Other
  ambiguous names (pesos, dinars, riyals, shillings, ...) follow the countries involved.
- "pounds" after a number is sterling only with a magnitude ("3 billion pounds") or "sterling";
  otherwise it is a weight and skipped.
- A bare magnitude after a money amount in the same sentence ("... 2.8 billion dollars out of a
  total of 7.8 billion") takes that amount's currency.
- An amount in parentheses right after another, or after ", or", is a conversion of it
  ("£600m (US$732m)") and is skipped.

Countries: the sentence's actor codes when two or more; a lone actor is put first and joined
with ``context_countries``; with none, ``context_countries``. Period: ``bilat.nlp.dates.
find_period`` on the text from the number to the next number, then on the whole sentence.
The same indicator, value, unit and countries reported twice in an article are kept once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from bilat.knowledge.outlets import outlet_country
from bilat.nlp.document import Document, Sentence
from bilat.schema import Evidence, Figure

# --- quantities -----------------------------------------------------------------------------

_MAGNITUDES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5,
    "million": 1e6, "mln": 1e6, "mn": 1e6, "mio": 1e6, "m": 1e6, "crore": 1e7, "crores": 1e7,
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}
_WORD_VALUES: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "half a": 0.5, "a half": 0.5,
}

_NUMBER_RE = re.compile(r"(?<![\w,])(?<!\d\.)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]\d)")
_WORD_NUMBER_RE = re.compile(
    r"\b(half\s+a|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\s+"
    r"(?=(?:thousand|million|billion|trillion)\b|(?:per\s*cent|percent|pct)\b)",
    re.IGNORECASE,
)
_MAGNITUDE_RE = re.compile(
    r"^(?P<space>[ \u00a0]?)(?P<mag>trillion|trn|tn|billion|bln|bn|million|mln|mn|mio|thousand"
    r"|crores?|lakhs?|lacs?|m|b|k)(?![A-Za-z])",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(
    r"^\s?(?:(?P<pp>percentage\s+points?)|%|per\s?cent\b|percent\b|pct\b)", re.IGNORECASE
)
_PHYSICAL_RE = re.compile(
    r"^[\s-]?(?:(?P<bpd>barrels?\s+(?:per|a)\s+day|bpd\b|b/d\b)|(?P<bbl>barrels?\b)"
    r"|(?P<t>(?:metric\s+)?(?:tonnes?|tons?)\b)|(?P<bcm>bcm\b)|(?P<mcm>mcm\b)"
    r"|(?P<m3>cubic\s+met(?:re|er)s?\b))",
    re.IGNORECASE,
)

# Currency names after a number, with a qualifying adjective where the name is shared.
_QUALIFIED: dict[str, str] = {
    "us dollar": "USD", "u.s. dollar": "USD", "american dollar": "USD", "u.s. dlr": "USD",
    "us dlr": "USD", "canadian dollar": "CAD", "australian dollar": "AUD",
    "hong kong dollar": "HKD", "singapore dollar": "SGD", "new zealand dollar": "NZD",
    "taiwan dollar": "TWD", "new taiwan dollar": "TWD", "taiwanese dollar": "TWD",
    "zimbabwe dollar": "ZWL", "zimbabwean dollar": "ZWL", "swiss franc": "CHF",
    "cfa franc": "XOF", "french franc": "FRF", "sri lankan rupee": "LKR",
    "sri lanka rupee": "LKR", "indian rupee": "INR", "pakistani rupee": "PKR",
    "pakistan rupee": "PKR", "nepalese rupee": "NPR", "nepali rupee": "NPR",
    "mauritian rupee": "MUR", "chinese yuan": "CNY", "japanese yen": "JPY",
    "russian rouble": "RUB", "russian ruble": "RUB", "belarusian rouble": "BYN",
    "belarusian ruble": "BYN", "azerbaijani manat": "AZN", "turkmen manat": "TMT",
    "turkish lira": "TRY", "egyptian pound": "EGP", "lebanese pound": "LBP",
    "syrian pound": "SYP", "sudanese pound": "SDG", "saudi riyal": "SAR", "qatari riyal": "QAR",
    "omani rial": "OMR", "iranian rial": "IRR", "yemeni rial": "YER", "uae dirham": "AED",
    "emirati dirham": "AED", "moroccan dirham": "MAD", "south korean won": "KRW",
    "north korean won": "KPW", "korean won": "KRW", "mexican peso": "MXN",
    "philippine peso": "PHP", "argentine peso": "ARS", "colombian peso": "COP",
    "chilean peso": "CLP", "cuban peso": "CUP", "brazilian real": "BRL",
    "south african rand": "ZAR",
    "kuwaiti dinar": "KWD", "iraqi dinar": "IQD", "jordanian dinar": "JOD",
    "serbian dinar": "RSD", "algerian dinar": "DZD", "tunisian dinar": "TND",
    "libyan dinar": "LYD", "bahraini dinar": "BHD", "kenyan shilling": "KES",
    "ugandan shilling": "UGX", "tanzanian shilling": "TZS", "somali shilling": "SOS",
    "norwegian krone": "NOK", "danish krone": "DKK", "swedish krona": "SEK",
    "kazakh tenge": "KZT", "ukrainian hryvnia": "UAH", "georgian lari": "GEL",
    "armenian dram": "AMD", "kyrgyz som": "KGS", "uzbek som": "UZS", "tajik somoni": "TJS",
    "bangladeshi taka": "BDT", "nigerian naira": "NGN", "ghanaian cedi": "GHS",
    "ethiopian birr": "ETB", "zambian kwacha": "ZMW", "afghan afghani": "AFN",
    "indonesian rupiah": "IDR", "malaysian ringgit": "MYR", "thai baht": "THB",
    "vietnamese dong": "VND", "israeli shekel": "ILS", "new israeli shekel": "ILS",
    "polish zloty": "PLN", "hungarian forint": "HUF", "czech koruna": "CZK",
}
# Names that need the countries involved to pick the code: (country, code) in priority order,
# then the default (None: not a currency we can name; the figure is skipped).
_BY_COUNTRY: dict[str, tuple[tuple[tuple[str, str], ...], str | None]] = {
    "rupee": (
        (("LKA", "LKR"), ("PAK", "PKR"), ("NPL", "NPR"), ("MUS", "MUR"), ("SYC", "SCR"),
         ("IND", "INR")),
        "INR",
    ),
    "franc": ((("CHE", "CHF"), ("FRA", "FRF")), "CHF"),
    "manat": ((("TKM", "TMT"),), "AZN"),
    "won": ((("PRK", "KPW"),), "KRW"),
    "riyal": ((("QAT", "QAR"), ("YEM", "YER")), "SAR"),
    "rial": ((("IRN", "IRR"), ("OMN", "OMR"), ("YEM", "YER")), "IRR"),
    "dirham": ((("MAR", "MAD"),), "AED"),
    "som": ((("UZB", "UZS"),), "KGS"),
    "peso": (
        (("PHL", "PHP"), ("ARG", "ARS"), ("COL", "COP"), ("CHL", "CLP"), ("CUB", "CUP"),
         ("MEX", "MXN")),
        "MXN",
    ),
    "dinar": (
        (("IRQ", "IQD"), ("KWT", "KWD"), ("JOR", "JOD"), ("SRB", "RSD"), ("DZA", "DZD"),
         ("TUN", "TND"), ("LBY", "LYD"), ("BHR", "BHD")),
        None,
    ),
    "shilling": ((("UGA", "UGX"), ("TZA", "TZS"), ("SOM", "SOS"), ("KEN", "KES")), "KES"),
    "krone": ((("DNK", "DKK"), ("NOR", "NOK")), None),
    "pound": ((("EGY", "EGP"), ("LBN", "LBP"), ("SYR", "SYP"), ("SDN", "SDG")), "GBP"),
}
_PLAIN: dict[str, str] = {
    "dollar": "USD", "dlr": "USD", "euro": "EUR", "sterling": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "rouble": "RUB", "ruble": "RUB",
    "lira": "TRY", "lire": "TRY", "rand": "ZAR", "naira": "NGN", "tenge": "KZT",
    "hryvnia": "UAH", "lari": "GEL", "dram": "AMD", "somoni": "TJS", "taka": "BDT",
    "ringgit": "MYR", "baht": "THB", "dong": "VND", "real": "BRL", "reais": "BRL",
    "shekel": "ILS", "zloty": "PLN", "forint": "HUF", "koruna": "CZK", "krona": "SEK",
    "kronor": "SEK", "cedi": "GHS", "birr": "ETB", "kwacha": "ZMW", "afghani": "AFN",
    "rupiah": "IDR", "kyat": "MMK", "tugrik": "MNT",
}
_ISO_TEXT = (
    "USD EUR GBP JPY CNY INR LKR PKR NPR BDT RUB AZN BYN KZT UZS KGS TJS TMT AMD GEL UAH TRY IRR "
    "IQD SAR AED QAR KWD OMR BHD JOD EGP MAD DZD TND LYD NGN ZAR KES ETB GHS KRW KPW TWD HKD SGD "
    "MYR THB VND IDR PHP AUD NZD CAD MXN BRL ARS CLP COP CHF SEK NOK DKK PLN CZK HUF RON BGN RSD "
    "ILS AFN MMK MNT FRF DEM XOF XAF"
)
_ISO_CODES: tuple[str, ...] = tuple(_ISO_TEXT.split())
_ISO_SET = set(_ISO_CODES)


def _name_pattern(names: list[str]) -> str:
    escaped = (re.escape(n).replace(r"\ ", " ").replace(" ", r"\s+") for n in names)
    return "|".join(sorted(escaped, key=len, reverse=True))


_KNOWN_NAMES = {*_PLAIN, *_BY_COUNTRY}
_BASE_NAMES = sorted({*(k.split()[-1] for k in _QUALIFIED), *_BY_COUNTRY, *_PLAIN})
_CURRENCY_AFTER_RE = re.compile(
    r"^[\s-]?(?:(?P<qual>(?:" + _name_pattern(list(_QUALIFIED)) + r")(?:e?s|a)?)"
    r"|(?P<base>(?:" + _name_pattern(_BASE_NAMES) + r")(?:e?s|a)?)"
    r"|(?P<iso>" + "|".join(_ISO_CODES) + r"))\b",
    re.IGNORECASE,
)
_ISO_CASE_RE = re.compile(r"^[A-Z]{3}$")
_STERLING_RE = re.compile(r"^\s+sterling\b", re.IGNORECASE)
_PREFIX_RE = re.compile(
    r"(?:(?P<sym>(?:US|U\.S\.|C|CA|Can|A|AU|HK|NT|S|NZ|R|Z)?\$|€|£|¥|₹|₽|₼|₩|₺|₴|₸|₦|₱|₪|৳|₫|฿|₾)"
    r"|\b(?P<rs>SLRs\.?|Rs\.?|Re\.?)|\b(?P<iso>[A-Z]{3})|\b(?P<word>dollars|pounds|euros|RMB|Rmb))"
    r"[ \u00a0]?$"
)
_SYMBOLS: dict[str, str] = {
    "$": "USD", "US$": "USD", "U.S.$": "USD", "C$": "CAD", "CA$": "CAD", "Can$": "CAD",
    "A$": "AUD", "AU$": "AUD", "HK$": "HKD", "NT$": "TWD", "S$": "SGD", "NZ$": "NZD",
    "R$": "BRL", "Z$": "ZWL", "€": "EUR", "£": "GBP", "₹": "INR", "₽": "RUB", "₼": "AZN",
    "₩": "KRW", "₺": "TRY", "₴": "UAH", "₸": "KZT", "₦": "NGN", "₱": "PHP", "₪": "ILS",
    "৳": "BDT", "₫": "VND", "฿": "THB", "₾": "GEL",
}
_INHERIT_AFTER_RE = re.compile(
    r"^\s*(?:[.,;:)]|$|(?:in|for|from|to|last|this|per|over|during|compared|against|and|or|a|the"
    r"|of|year|worth|while|with|by)\b)",
    re.IGNORECASE,
)
_CONVERSION_GAP_RE = re.compile(
    r"^\s*,?\s*(?:or|i\.e\.)\s+(?:about|around|roughly|some|nearly|almost|approximately)?\s*$",
    re.IGNORECASE,
)

# --- indicators -----------------------------------------------------------------------------

_INDICATORS: tuple[tuple[str, str], ...] = (
    ("trade deficit", r"(?<!budget )(?<!fiscal )(?<!account )\b(?:trade\s+)?(?:deficits?"
                      r"|shortfalls?)\b"),
    ("trade surplus", r"\b(?:trade\s+)?surplus(?:es)?\b"),
    ("trade balance", r"\btrade\s+(?:imbalance|balance|gap)\b|\bimbalance\b"),
    ("arms sales", r"\b(?:arms|weapons?)\s+(?:sales?|deals?|packages?|purchases?)\b"),
    ("trade volume", r"\b(?:trade|turnover|two-way|commerce|trading)\b"),
    ("exports", r"\bexport(?:s|ed|ing|ers?)?\b"),
    ("imports", r"\bimport(?:s|ed|ing|ers?)?\b"),
    ("investment", r"\binvest(?:s|ed|ing|ment|ments|or|ors)?\b|\bFDI\b"),
    ("debt relief", r"\bdebt\s+(?:relief|forgiveness|cancellation|write-?offs?|restructuring)\b"
                    r"|\brelief\s+on\s+debt|\bwr(?:ite|ites|iting|itten|ote)[\s-]+off\b"
                    r"|\bforg(?:ive|ave|iven)\b"),
    ("debt", r"\bdebts?\b|\bcreditors?\b|\barrears\b|\bow(?:es|ed|ing)\b"),
    ("credit line", r"\bcredit\s+lines?\b|\blines?\s+of\s+credit\b|\bcredit\s+facilit(?:y|ies)\b"),
    ("loan", r"\bloans?\b|\blent\b|\blend(?:s|ing)?\b|\bborrow\w*|\bbail-?outs?\b"
             r"|\brescue\s+packages?\b"),
    ("remittances", r"\bremittances?\b"),
    ("grant", r"\bgrants?\b"),
    ("aid", r"\baid\b|\bassistance\b|\bhumanitarian\b|\brelief\b|\bdonat(?:e|ed|es|ion|ions)\b"),
    ("tariff", r"\btariffs?\b|\bdut(?:y|ies)\b|\bsurtax(?:es)?\b|\blev(?:y|ies)\b|\bcustoms\b"),
    ("sanctions", r"\bsanctions?\b|\bpenalt(?:y|ies)\b|\bfined\b"),
    ("equity stake", r"\bstakes?\b"),
    ("acquisition", r"\bacqui(?:re|red|res|ring|sition)\b|\btakeover\b|\bbought\b"
                    r"|\bpurchas(?:e|ed|es|ing)\b"),
    ("contract value", r"\bcontracts?\b|\bdeals?\b|\bagreements?\b|\baccords?\b|\bpacts?\b"
                       r"|\borders?\b"),
    ("contract value", r"\bworth\b|\bvalued\s+at\b"),  # weak: yields to any other keyword
    ("supplies", r"\bsuppl(?:y|ies|ied)\b|\bdeliver(?:y|ies|ed)\b|\bshipments?\b|\bshipped\b"
                 r"|\bdispatched\b"),
)
_INDICATOR_RE = re.compile(
    "|".join(f"(?P<i{n}>{pattern})" for n, (_, pattern) in enumerate(_INDICATORS)),
    re.IGNORECASE,
)
_EXCLUDE_RE = re.compile(
    r"\bGDP\b|\bgross\s+domestic|\binflation\b|\bunemployment\b|\bjobless\b|\bvot(?:e|es|ers"
    r"|ing)\b|\bballots?\b|\bturnout\b|\bpopulation\b|\bapproval\b|\bpolls?\b|\bbudget\b"
    r"|\bspending\b|\bsalar(?:y|ies)\b|\bwages?\b|\bshare\s+price|\bstock\s+market|\bindex\b"
    r"|\bcurrency\b|\bexchange\s+rates?\b|\bagainst\s+the\s+(?:\w+\s+)?(?:dollar|euro|yen|yuan"
    r"|pound|ruble|rouble|rupee)|\bof\s+the\s+(?:yen|dollar|euro|yuan|pound|ruble|rouble|rupee)\b"
    r"|\bkill\w*|\bdead\b|\bdeaths?\b|\bdied\b|\bcasualt\w+|\bwounded\b|\binjur\w+|\btroops\b"
    r"|\bsoldiers\b|\brefugees\b|\bmigrants\b|\bnet\s+(?:loss|profit)|\bprofits?\b"
    r"|\bmarket\s+share|\boverall\b|\bdomestic\b|\beconomy\b"
    r"|\bemissions?\b|\belectricity\b|\bshareholders?\b|\bownership\b|\bproduction\b"
    r"|\boutput\b|\bconsumption\b|\bdemand\b|\bshares\b",
    re.IGNORECASE,
)
_FLOWS = {
    "trade volume", "exports", "imports", "investment", "aid", "loan", "grant", "credit line",
    "trade deficit", "trade surplus", "trade balance", "debt", "arms sales", "supplies",
    "remittances",
}
# Indicators a percentage may belong to: flows, and rates or shares of their own.
_PERCENT_OK = _FLOWS | {"tariff", "sanctions", "debt relief", "equity stake"}
_CHANGE_RE = re.compile(
    r"\b(?:increase[ds]?|increasing|ris(?:e|es|ing|en)|rose|gr[oe]w(?:s|th|ing|n)?|up|jump(?:ed"
    r"|s)?|surg(?:e|ed|es|ing)|soar(?:ed|s)?|climb(?:ed|s)?|fell|fall(?:s|ing|en)?"
    r"|declin(?:e|ed|es|ing)|drop(?:ped|s)?|down|decreas(?:e|ed|es|ing)|higher|lower"
    r"|expan(?:d|ded|sion)|shr[ai]nk|slid|slump(?:ed)?|plunge[ds]?|boost(?:ed)?|cut"
    r"|reduc(?:e|ed|tion)|double[ds]?|tripled?)\b",
    re.IGNORECASE,
)
_THAN_RE = re.compile(r"\b(?:more|less|fewer)\s+than\b", re.IGNORECASE)
# A keyword qualified like this is about one country's whole economy, not a relation.
_WHOLE_ECONOMY_RE = re.compile(r"\b(?:overall|global|worldwide|domestic|world)\s+$", re.I)
# "X% of <up to four words>": what a percentage is a share of.
_OF_PHRASE_RE = re.compile(r"\s*of\s+(?:[\w'’.\-]+\s+){0,4}[\w'’.\-]+")
# Heads of compounds: "import tariff" is a tariff, "export sanctions" are sanctions.
_HEADS = {"tariff", "sanctions", "trade deficit", "trade surplus"}
_INTEREST_RE = re.compile(r"\binterest\b", re.IGNORECASE)
_QUICK_NUMBER_RE = re.compile(
    r"\d|\b(?:billion|million|trillion|per\s*cent|percent|pct)\b", re.IGNORECASE
)
_QUICK_KEYWORD_RE = re.compile(
    r"trad|turnover|commerce|two-way|export|import|invest|FDI|deficit|surplus|shortfall"
    r"|imbalance|debt|credit|loan|lent|lend|borrow|grant|aid|assistance|humanitarian|relief"
    r"|donat|tariff|dut[yi]|surtax|lev[yi]|customs|sanction|penalt|fined|stake|acqui|takeover"
    r"|bought|purchas|contract|deal|agreement|accord|pact|worth|valued|order|suppl|deliver"
    r"|ship|dispatch|arms|weapon|forgiv|write|writ|wrote|bail|rescue|remit|owe|owing",
    re.IGNORECASE,
)
_WINDOW = 90  # farthest a keyword may be from its number, in characters
_WEAK = {n for n, (_, pattern) in enumerate(_INDICATORS) if "worth" in pattern}
_WEAK_PENALTY = 60  # "worth" only says that an amount is a value, not what of


@dataclass
class _Keywords:
    """Indicator and exclusion keywords of a sentence, found once and looked up by position."""

    indicators: list[tuple[int, int, int]]  # start, end, rank in _INDICATORS
    excluded: list[tuple[int, int, int]]

    @classmethod
    def scan(cls, text: str) -> _Keywords:
        indicators = [
            (m.start(), m.end(), int((m.lastgroup or "i0")[1:]))
            for m in _INDICATOR_RE.finditer(text)
        ]
        excluded = [(m.start(), m.end(), 0) for m in _EXCLUDE_RE.finditer(text)]
        return cls(indicators, excluded)

    @staticmethod
    def within(
        hits: list[tuple[int, int, int]], lo: int, hi: int
    ) -> Iterator[tuple[int, int, int]]:
        for n in range(bisect_left(hits, (lo, -1, -1)), len(hits)):
            if hits[n][0] >= hi:
                break
            if hits[n][1] <= hi:
                yield hits[n]


@dataclass
class _Quantity:
    start: int
    end: int
    value: float
    unit: str
    money: bool
    conversion: bool = False


def extract_figures(doc: Document, context_countries: list[str]) -> list[Figure]:
    """Economic-relations figures in article order, each distinct figure once."""
    figures: list[Figure] = []
    index: dict[tuple[str, float, str, frozenset[str]], int] = {}
    home = _home_country(doc)
    for sentence in doc.sentences:
        text = doc.text[sentence.start : sentence.end]
        if not (_QUICK_NUMBER_RE.search(text) and _QUICK_KEYWORD_RE.search(text)):
            continue
        for figure in _sentence_figures(doc, sentence, text, context_countries, home):
            key = (figure.indicator, figure.value, figure.unit, frozenset(figure.countries))
            if key in index:
                earlier = figures[index[key]]
                if earlier.period is None and figure.period is not None:
                    figures[index[key]] = earlier.model_copy(update={"period": figure.period})
                continue
            index[key] = len(figures)
            figures.append(figure)
    return figures


def _sentence_figures(
    doc: Document,
    sentence: Sentence,
    text: str,
    context_countries: list[str],
    home: str | None,
) -> list[Figure]:
    countries = _countries(sentence, context_countries)
    published = doc.published
    quantities = _quantities(text, countries, home, published)
    if not quantities:
        return []
    evidence = _evidence(doc, sentence, text)
    keywords = _Keywords.scan(text)
    figures: list[Figure] = []
    whole: list[str | None] = []  # the sentence's own period, computed once when needed
    for n, quantity in enumerate(quantities):
        if quantity.conversion:
            continue
        indicator = _indicator(text, quantity, keywords)
        if indicator is None:
            continue
        following = quantities[n + 1].start if n + 1 < len(quantities) else None
        period = _period(text[quantity.start : following], published)
        if period is None:
            if not whole:
                whole.append(_period(text, published))
            period = whole[0]
        figures.append(
            Figure(
                indicator=indicator,
                value=quantity.value,
                unit=quantity.unit,
                period=period,
                countries=countries,
                evidence=evidence,
            )
        )
    return figures


def _quantities(
    text: str, countries: list[str], home: str | None, published: dt.date | None
) -> list[_Quantity]:
    """Every number with a unit in the text, conversions flagged, in order."""
    found: list[_Quantity] = []
    numbers: list[tuple[int, int, float]] = []
    for match in _NUMBER_RE.finditer(text):
        try:
            value = float(match.group(0).replace(",", ""))
        except ValueError:
            continue
        numbers.append((match.start(), match.end(), value))
    for match in _WORD_NUMBER_RE.finditer(text):
        word = " ".join(match.group(1).lower().split())
        if word in ("a", "an", "half a") and _PERCENT_RE.match(text[match.end(1) :]):
            continue
        numbers.append((match.start(), match.end(1), _WORD_VALUES[word]))
    numbers.sort()
    last_money: _Quantity | None = None
    for start, end, value in numbers:
        quantity = _read_quantity(text, start, end, value, countries, home, published, last_money)
        if quantity is None or not math.isfinite(quantity.value):
            continue
        if quantity.money:
            if last_money is not None and _is_conversion(text, last_money, quantity):
                quantity.conversion = True
            last_money = quantity
        found.append(quantity)
    return found


def _read_quantity(
    text: str,
    start: int,
    end: int,
    value: float,
    countries: list[str],
    home: str | None,
    published: dt.date | None,
    last_money: _Quantity | None,
) -> _Quantity | None:
    rest = text[end : end + 60]
    pos = 0
    magnitude = 1.0
    mag_match = _MAGNITUDE_RE.match(rest)
    if mag_match:
        mag = mag_match.group("mag").lower()
        attached = not mag_match.group("space")
        if len(mag) == 1 and not attached:  # "20 m" may be metres; "$20m" is money
            mag_match = None
        else:
            magnitude = _MAGNITUDES[mag]
            pos = mag_match.end()
    before = text[max(0, start - 12) : start]
    prefix = _PREFIX_RE.search(before)
    prefix_code: str | None = None
    q_start = start
    if prefix:
        indian = magnitude in (1e5, 1e7)  # lakh, crore: the Indian numbering system
        prefix_code = _prefix_code(prefix, countries, home, indian)
        if prefix_code is not None:
            q_start = start - (len(before) - prefix.start())
    tail = rest[pos:]
    if prefix_code is None and not mag_match:
        percent = _PERCENT_RE.match(tail)
        if percent:
            unit = "percentage points" if percent.group("pp") else "percent"
            return _Quantity(start, end + pos + percent.end(), value, unit, money=False)
    physical = _PHYSICAL_RE.match(tail)
    if physical and prefix_code is None:
        unit, factor = _physical_unit(physical)
        amount = _scale(value, magnitude * factor)
        return _Quantity(start, end + pos + physical.end(), amount, unit, money=False)
    currency = _CURRENCY_AFTER_RE.match(tail)
    if currency:
        code = _suffix_code(currency, tail, countries, home, published, bool(mag_match))
        if code is not None:
            q_end = end + pos + currency.end()
            return _Quantity(q_start, q_end, _scale(value, magnitude), code, money=True)
    if prefix_code is not None:
        return _Quantity(q_start, end + pos, _scale(value, magnitude), prefix_code, money=True)
    if mag_match and last_money is not None and _INHERIT_AFTER_RE.match(tail):
        amount = _scale(value, magnitude)
        return _Quantity(start, end + pos, amount, last_money.unit, money=True)
    return None


def _scale(value: float, factor: float) -> float:
    """``value * factor`` without binary noise: 64.4 million is 64400000, not 64400000.00000001."""
    if not (math.isfinite(value) and math.isfinite(factor)):
        return math.inf
    return float(Decimal(repr(value)) * Decimal(repr(factor)))


def _prefix_code(
    prefix: re.Match[str], countries: list[str], home: str | None, indian: bool
) -> str | None:
    if prefix.group("sym"):
        symbol = prefix.group("sym")
        if symbol == "¥":
            return "CNY" if "CHN" in countries and "JPN" not in countries else "JPY"
        return _SYMBOLS.get(symbol)
    if prefix.group("rs"):
        if prefix.group("rs").startswith("SL"):
            return "LKR"
        if indian and home is None and "IND" in countries:
            return "INR"
        return _by_country("rupee", countries, home)
    if prefix.group("iso"):
        code = prefix.group("iso")
        return "CNY" if code == "RMB" else code if code in _ISO_SET else None
    word = (prefix.group("word") or "").lower()
    return {"dollars": "USD", "pounds": "GBP", "euros": "EUR", "rmb": "CNY"}.get(word)


def _suffix_code(
    currency: re.Match[str],
    tail: str,
    countries: list[str],
    home: str | None,
    published: dt.date | None,
    has_magnitude: bool,
) -> str | None:
    if currency.group("iso"):
        code = currency.group("iso")
        return code if _ISO_CASE_RE.match(code) else None
    if currency.group("qual"):
        name = _singular(" ".join(currency.group("qual").lower().split()))
        return _QUALIFIED.get(name)
    name = _singular(currency.group("base").lower())
    if name == "pound" and not (has_magnitude or _STERLING_RE.match(tail[currency.end() :])):
        return None  # "21,000 pounds of cargo" is a weight
    if name in _PLAIN:
        return _PLAIN[name]
    if (
        name == "franc"
        and not any(c in countries for c in ("CHE", "FRA"))
        and published is not None
        and published.year < 2002
    ):
        return "FRF"
    return _by_country(name, countries, home)


def _singular(name: str) -> str:
    last = name.split()[-1]
    if last in _KNOWN_NAMES or not last.endswith("s"):
        return name
    if last.endswith("es") and last[:-2] in _KNOWN_NAMES:
        return name[:-2]
    return name[:-1]


def _by_country(name: str, countries: list[str], home: str | None) -> str | None:
    options, default = _BY_COUNTRY.get(name, ((), None))
    if home is not None:
        for country, code in options:
            if country == home:
                return code
    for country, code in options:
        if country in countries:
            return code
    return default


def _physical_unit(match: re.Match[str]) -> tuple[str, float]:
    if match.group("bpd"):
        return "barrels per day", 1.0
    if match.group("bbl"):
        return "barrels", 1.0
    if match.group("t"):
        return "tonnes", 1.0
    if match.group("bcm"):
        return "cubic metres", 1e9
    if match.group("mcm"):
        return "cubic metres", 1e6
    return "cubic metres", 1.0


def _is_conversion(text: str, previous: _Quantity, current: _Quantity) -> bool:
    """ "£600m (US$732m)", "(dollars 214.6bn; pounds 114.5bn)", "1bn euros, or $1.1bn"."""
    gap = text[previous.end : current.start]
    if _CONVERSION_GAP_RE.match(gap):
        return True
    opening = text.rfind("(", max(0, current.start - 40), current.start)
    if opening < 0 or ")" in text[opening : current.start]:
        return False
    if previous.end <= opening and not text[previous.end : opening].strip():
        return True
    return previous.conversion and previous.start > opening


def _indicator(text: str, quantity: _Quantity, keywords: _Keywords) -> str | None:
    """The normalised indicator named by the nearest keyword, or None when it is not economic."""
    lo = max(0, quantity.start - _WINDOW)
    hi = min(len(text), quantity.end + _WINDOW)
    lo = text.rfind(";", lo, quantity.start) + 1 or lo  # stay within the clause
    semicolon = text.find(";", quantity.end, hi)
    hi = semicolon if semicolon >= 0 else hi
    hits: list[tuple[int, int, str, int, int]] = []
    for start, end, rank in keywords.within(keywords.indicators, lo, hi):
        distance = _distance(quantity, start, end)
        distance += _WEAK_PENALTY if rank in _WEAK else 0
        hits.append((distance, rank, _INDICATORS[rank][0], start, end))
    if not hits:
        return None
    best = min(hits)
    head = next(
        (h for h in hits if h[2] in _HEADS and 0 <= h[3] - best[4] <= 2 and h is not best), None
    )
    if head is not None:
        best = (best[0], head[1], head[2], head[3], head[4])
    for start, end, _ in keywords.within(keywords.excluded, lo, hi):
        if _distance(quantity, start, end) <= best[0]:
            return None
    percent = quantity.unit in ("percent", "percentage points")
    if percent:
        # "67% of its GDP" measures GDP and "40% of its gas imports" imports, whatever is nearer
        of_phrase = _OF_PHRASE_RE.match(text, quantity.end, hi)
        if of_phrase and _EXCLUDE_RE.search(of_phrase.group(0)):
            return None
        target = _INDICATOR_RE.search(of_phrase.group(0)) if of_phrase else None
        if target is not None and best[2] in _FLOWS:
            rank = int((target.lastgroup or "i0")[1:])
            best = (best[0], rank, _INDICATORS[rank][0], best[3], best[4])
        if best[2] not in _PERCENT_OK:
            return None
    if _WHOLE_ECONOMY_RE.search(text[max(0, best[3] - 12) : best[3]]):
        return None
    indicator = best[2]
    if not percent or indicator not in _FLOWS:
        return indicator
    near = _THAN_RE.sub(" ", text[max(lo, quantity.start - 30) : min(hi, quantity.end + 30)])
    if _INTEREST_RE.search(near):
        return f"{indicator} interest rate"
    if _CHANGE_RE.search(near):
        return f"{indicator} change"
    return f"{indicator} share"


def _distance(quantity: _Quantity, start: int, end: int) -> int:
    if end <= quantity.start:
        return quantity.start - end
    if start >= quantity.end:
        return start - quantity.end
    return 0


@cache
def _find_period() -> Callable[..., str | None] | None:
    """``bilat.nlp.dates.find_period`` when that module exists (it is written separately)."""
    try:
        from bilat.nlp.dates import find_period
    except ImportError:
        return None
    return find_period


def _period(text: str, published: dt.date | None) -> str | None:
    find_period = _find_period()
    if find_period is None:
        return None
    try:
        return find_period(text, published)
    except Exception:  # noqa: BLE001 - a period is an optional extra; never lose the figure
        return None


def _countries(sentence: Sentence, context_countries: list[str]) -> list[str]:
    codes = list(dict.fromkeys(a.code for a in sentence.actors if a.code))
    if len(codes) >= 2:
        return codes
    return list(dict.fromkeys([*codes, *context_countries]))


def _home_country(doc: Document) -> str | None:
    """The outlet's home country (``knowledge.outlets``), used to read bare "Rs" amounts."""
    return outlet_country(doc.article.outlet, doc.article.url)


def _evidence(doc: Document, sentence: Sentence, text: str) -> Evidence:
    lead = len(text) - len(text.lstrip())
    start = sentence.start + lead
    end = max(start, sentence.start + len(text.rstrip()))
    return Evidence(start=start, end=end, text=doc.text[start:end])
