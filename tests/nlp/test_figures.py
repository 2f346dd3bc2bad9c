"""Figures: units, magnitudes, indicators, rejections, countries and evidence on own sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilat.article import Article
from bilat.nlp.document import ActorMention, Document, Sentence
from bilat.nlp.figures import extract_figures
from bilat.schema import Figure

CODES = {
    "Chile": "CHL", "Peru": "PER", "Sri Lanka": "LKA", "India": "IND", "China": "CHN",
    "Japan": "JPN", "Kenya": "KEN", "France": "FRA",
}
CONTEXT = ["CHL", "PER"]


def make_doc(
    *sentences: str,
    published: dt.date | None = dt.date(2024, 10, 4),
    url: str | None = None,
) -> Document:
    """An article of the given sentences, with actors found by exact names in ``CODES``."""
    lead = "A report on relations."
    text = " ".join([lead, *sentences])
    parts: list[Sentence] = []
    pos = 0
    for index, sentence in enumerate([lead, *sentences]):
        start = text.index(sentence, pos)
        actors = [
            ActorMention(start + sentence.index(name), start + sentence.index(name) + len(name),
                         name, code, "country")
            for name, code in CODES.items()
            if name in sentence
        ]
        actors.sort(key=lambda a: a.start)
        parts.append(Sentence(start, start + len(sentence), sentence, index, actors))
        pos = start + len(sentence)
    return Document(Article(text=text, url=url), published, parts)


def figures(
    *sentences: str,
    context: list[str] | None = None,
    published: dt.date | None = dt.date(2024, 10, 4),
    url: str | None = None,
) -> list[Figure]:
    doc = make_doc(*sentences, published=published, url=url)
    return extract_figures(doc, CONTEXT if context is None else context)


def values(found: list[Figure]) -> list[tuple[str, float, str]]:
    return [(f.indicator, f.value, f.unit) for f in found]


@pytest.mark.parametrize(
    ("sentence", "indicator", "value", "unit"),
    [
        ("Bilateral trade grew 39 percent last year.", "trade volume change", 39, "percent"),
        ("Two-way trade rose 12.5% on the year.", "trade volume change", 12.5, "percent"),
        ("Exports fell 4 per cent in March.", "exports change", 4, "percent"),
        ("Trade turnover reached $1.2 billion.", "trade volume", 1.2e9, "USD"),
        ("The bank approved a loan of US$ 500 million.", "loan", 5e8, "USD"),
        ("Investment is expected to total 3.7 bn dollars.", "investment", 3.7e9, "USD"),
        ("The European Union pledged €20m in humanitarian aid.", "aid", 2e7, "EUR"),
        ("London will provide a £3bn credit line.", "credit line", 3e9, "GBP"),
        ("The grant amounts to 40 billion yen.", "grant", 4e10, "JPY"),
        ("Trade turnover reached 500 million manats.", "trade volume", 5e8, "AZN"),
        ("Imports rose to AZN 2 billion.", "imports", 2e9, "AZN"),
        ("The debt stands at 90 billion rubles.", "debt", 9e10, "RUB"),
        ("Chinese investment reached 10 billion yuan.", "investment", 1e10, "CNY"),
        ("Washington imposed a 25% tariff on steel.", "tariff", 25, "percent"),
        ("The new duty of 10 percent applies to cars.", "tariff", 10, "percent"),
        ("Exports reached 1.5 million tonnes of wheat.", "exports", 1.5e6, "tonnes"),
        ("Oil exports hit 200,000 barrels per day.", "exports", 2e5, "barrels per day"),
        ("Gas deliveries will reach 10 bcm a year.", "supplies", 1e10, "cubic metres"),
        ("The contract is valued at $450m.", "contract value", 4.5e8, "USD"),
        ("Imports from the north were worth half a billion dollars.", "imports", 5e8, "USD"),
        ("The trade deficit narrowed to 7.6 billion francs.", "trade deficit", 7.6e9, "CHF"),
        ("Exports amounted to 2.8 billion U.S. Dlrs.", "exports", 2.8e9, "USD"),
        ("The trade surplus was 300 mln dlrs.", "trade surplus", 3e8, "USD"),
        ("The creditors agreed to write off 80% of the debt.", "debt relief", 80, "percent"),
        ("Investors bought a 15% stake in the refinery.", "equity stake", 15, "percent"),
        ("A donor conference raised Rs 5 crore in aid for India.", "aid", 5e7, "INR"),
        ("Bilateral trade was worth dollars 155.2bn last year.", "trade volume", 1.552e11, "USD"),
        ("The 100% import tariff on electric cars starts in October.", "tariff", 100, "percent"),
    ],
)
def test_units_magnitudes_and_indicators(
    sentence: str, indicator: str, value: float, unit: str
) -> None:
    assert values(figures(sentence)) == [(indicator, pytest.approx(value), unit)]


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        ("The trade imbalance reached $4bn.", "trade balance"),
        ("The arms deal is valued at $1.4 billion.", "arms sales"),
        ("Remittances from the diaspora totalled $2bn.", "remittances"),
        ("The firm acquired the port operator for $600 million.", "acquisition"),
        ("The fine imposed under the sanctions reached $90m.", "sanctions"),
        ("Tokyo announced a grant of 3 billion yen.", "grant"),
        ("Deliveries of wheat reached 300,000 tonnes.", "supplies"),
        ("The IMF approved a $3 billion bailout.", "loan"),
        ("The country owes its neighbour $8bn.", "debt"),
        ("The accumulated debt relief amounts to $1bn.", "debt relief"),
        ("Russia supplied 40% of the country's gas imports.", "imports share"),
        ("The loan carries an interest rate of 2.5%.", "loan interest rate"),
    ],
)
def test_indicator_vocabulary(sentence: str, indicator: str) -> None:
    assert [f.indicator for f in figures(sentence)] == [indicator]


def test_percent_only_for_rates_and_flows() -> None:
    found = figures("The company's shares rose 5% after it won a $2bn contract abroad.")
    assert values(found) == [("contract value", 2e9, "USD")]


def test_values_have_no_binary_noise() -> None:
    found = figures("Trade rose to $186.3m from $64.4m a year earlier.")
    assert [f.value for f in found] == [186300000.0, 64400000.0]


def test_bare_magnitude_inherits_the_currency() -> None:
    found = figures("The deficit was 7.6 billion euros in 2023 against 5.1 billion in 2022.")
    assert values(found) == [("trade deficit", 7.6e9, "EUR"), ("trade deficit", 5.1e9, "EUR")]


def test_parenthesised_conversions_are_skipped() -> None:
    found = figures("Trade was worth £600m (US$732m; €700m) last year.")
    assert values(found) == [("trade volume", 6e8, "GBP")]
    found = figures("The loan of 1 billion euros, or about $1.1 billion, was approved.")
    assert values(found) == [("loan", 1e9, "EUR")]


@pytest.mark.parametrize(
    ("text", "context", "url", "unit"),
    [
        ("Sri Lanka received a loan of Rs. 2 billion.", ["LKA", "IND"], None, "LKR"),
        ("India extended a credit line of Rs 2 billion.", ["IND", "CHN"], None, "INR"),
        ("The grant of 300 million rupees was approved.", ["JPN", "LKA"], None, "LKR"),
        ("The grant of 300 million Indian rupees was approved.", ["LKA"], None, "INR"),
        ("The loan of Rs 50 crore was approved for India.", ["IND", "LKA"], None, "INR"),
        ("The loan of Rs 900 million was approved.", ["IND", "LKA"], "https://x.in/a", "INR"),
        ("Exports earned ¥5 billion.", ["CHN", "KEN"], None, "CNY"),
        ("Exports earned ¥5 billion.", ["JPN", "KEN"], None, "JPY"),
        ("Canada pledged C$50 million in aid.", ["CHL"], None, "CAD"),
    ],
)
def test_currency_by_context(text: str, context: list[str], url: str | None, unit: str) -> None:
    sentence = text.replace(" for India", "")
    found = figures(sentence, context=context, url=url)
    assert [f.unit for f in found] == [unit]


def test_francs_before_the_euro_are_french() -> None:
    found = figures("The trade deficit was 5 billion francs.", published=dt.date(1987, 3, 1))
    assert [f.unit for f in found] == ["FRF"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The shelling killed 39 people and wounded 120 in 2023.",
        "About 5,000 troops took part in the exercise near the border.",
        "The president, aged 71, won 58% of the vote.",
        "The population of the port city is 1.2 million.",
        "GDP grew 3.5% last year while inflation stood at 4%.",
        "Trade accounts for 67% of the country's GDP.",
        "The defence budget rose to $20 billion.",
        "The currency has risen 17 pct against the dollar since September.",
        "The 40 pct rise of the yen hurt exporters.",
        "Energy exports slowed as domestic demand grew at more than 5% a year.",
        "The value of overall exports reached $60bn.",
        "Officers seized 2,000 pounds of cocaine in a shipment.",
        "The treaty was signed in 1994 and renewed in 2004.",
        "Some 40,000 tourists a year are expected under the deal.",
    ],
)
def test_non_economic_numbers_rejected(sentence: str) -> None:
    assert figures(sentence) == []


def test_countries_from_sentence_or_context() -> None:
    assert figures("Trade between Chile and Peru rose 8%.")[0].countries == ["CHL", "PER"]
    assert figures("Exports to Kenya rose 8%.")[0].countries == ["KEN", "CHL", "PER"]
    assert figures("Exports rose 8%.")[0].countries == CONTEXT


def test_period_from_find_period() -> None:
    found = figures("Bilateral trade grew 39 percent over the first eight months of the year.")
    assert found[0].period == "2024-01/2024-08"
    found = figures("Exports reached $3bn in 2023, up from $2bn in 2022.")
    assert [f.period for f in found] == ["2023", "2022"]


def test_several_figures_in_one_sentence() -> None:
    found = figures(
        "The package includes a 25% surtax on steel imports; a $2bn loan; and aid worth "
        "950 tonnes of rice."
    )
    assert values(found) == [
        ("tariff", 25, "percent"),
        ("loan", 2e9, "USD"),
        ("aid", 950, "tonnes"),
    ]


def test_repeated_figure_kept_once() -> None:
    found = figures("The firm may invest $20bn in oil fields.", "The investment may reach $20bn.")
    assert values(found) == [("investment", 2e10, "USD")]


def test_evidence_slices_the_article_text() -> None:
    doc = make_doc("The weather was fine.", "  Trade turnover reached $1.2 billion in 2023.")
    (figure,) = extract_figures(doc, CONTEXT)
    assert doc.text[figure.evidence.start : figure.evidence.end] == figure.evidence.text
    assert figure.evidence.text == "Trade turnover reached $1.2 billion in 2023."


def test_sentence_without_keyword_or_number_is_skipped() -> None:
    assert figures("The ministers met in Lima.", "They discussed trade.") == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    doc = Document(Article(text=text), None, [Sentence(0, len(text), text)])
    for figure in extract_figures(doc, CONTEXT):
        assert doc.text[figure.evidence.start : figure.evidence.end] == figure.evidence.text


_PIECES = st.sampled_from(
    [
        "$", "US$", "€", "£", "¥", "Rs.", "1", "2.5", "1,000", " ", "billion", "bn", "m", "%",
        " percent", " trade", " exports", " tariff", " loan", " (", ")", ";", ",", " or ",
        " rupees", " yen", " francs", " pounds", " tonnes", " of", " worth", "half a ", "one ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.sampled_from([None, dt.date(1990, 1, 1)]))
def test_never_raises_on_figure_like_text(text: str, published: dt.date | None) -> None:
    doc = Document(Article(text=text), published, [Sentence(0, len(text), text)])
    for figure in extract_figures(doc, ["LKA", "IND"]):
        assert figure.value == figure.value  # not NaN
        assert doc.text[figure.evidence.start : figure.evidence.end] == figure.evidence.text
