"""Office-holder knowledge base: dates pick the holder, names match loosely, data files are sane."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import pycountry
import pytest

from bilat.knowledge.officeholders import (
    CURATED_FILE,
    PHOENIX_FILE,
    Holding,
    OfficeHolders,
    load_officeholders,
    normalise_name,
    read_rows,
)

NON_ISO_COUNTRIES = {"UNO", "EUR", "IGO", "SUN", "YUG", "DDR", "CSK"}


@pytest.fixture(scope="module")
def kb() -> OfficeHolders:
    return load_officeholders()


def top(kb: OfficeHolders, name: str, on: date | None = None) -> tuple[str, str, str]:
    found = kb.lookup(name, on)
    assert found, f"{name!r} on {on} not found"
    return found[0].name, found[0].role, found[0].country


def h(
    name: str, role: str, start: str | None, end: str | None, *, origin: str = "curated"
) -> Holding:
    """A holding in the invented country XAA (synthetic knowledge bases only)."""
    return Holding(
        name,
        role,
        "XAA",
        "GOV",
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
        origin,
    )


# --- the packaged data ------------------------------------------------------------------


def test_date_picks_the_bush() -> None:
    kb = load_officeholders()
    assert top(kb, "President Bush", date(1990, 6, 1)) == ("George H. W. Bush", "President", "USA")
    assert top(kb, "Bush", date(2005, 6, 1)) == ("George W. Bush", "President", "USA")


def test_lavrov_2010_is_russian_foreign_minister(kb: OfficeHolders) -> None:
    assert top(kb, "Lavrov", date(2010, 1, 1)) == ("Sergey Lavrov", "Foreign Minister", "RUS")


@pytest.mark.parametrize(
    ("on", "role"),
    [
        (date(2001, 1, 1), "President"),
        (date(2010, 1, 1), "Prime Minister"),
        (date(2024, 1, 1), "President"),
    ],
)
def test_putin_by_year(kb: OfficeHolders, on: date, role: str) -> None:
    assert top(kb, "Putin", on) == ("Vladimir Putin", role, "RUS")


def test_only_holdings_of_the_day_are_returned(kb: OfficeHolders) -> None:
    # Heydar Aliyev's presidency ended on 2003-10-31, two weeks earlier: within the grace
    # period, but his son holds the office on the day, so only the son is returned.
    assert [x.name for x in kb.lookup("Aliyev", date(2003, 11, 15))] == ["Ilham Aliyev"]
    assert [x.name for x in kb.lookup("Clinton", date(2010, 1, 1))] == ["Hillary Clinton"]
    assert all(x.in_force(date(2010, 1, 1)) for x in kb.lookup("Putin", date(2010, 1, 1)))


def test_surname_and_variant_lookup(kb: OfficeHolders) -> None:
    on = date(2024, 5, 1)
    assert top(kb, "Tokayev", on) == ("Kassym-Jomart Tokayev", "President", "KAZ")
    assert top(kb, "Mirziyoyev", on) == ("Shavkat Mirziyoyev", "President", "UZB")
    assert top(kb, "Jaishankar", on)[2] == "IND"
    assert top(kb, "Wang Yi", on) == ("Wang Yi", "Foreign Minister", "CHN")
    assert top(kb, "Lukashenka", on)[2] == "BLR"
    assert top(kb, "Blinken", on) == ("Antony Blinken", "Foreign Minister", "USA")


def test_accents_dots_case_titles_and_possessives_are_ignored(kb: OfficeHolders) -> None:
    on = date(2020, 1, 1)
    assert top(kb, "Erdoğan", on) == top(kb, "ERDOGAN", on) == top(kb, "President Erdogan", on)
    assert top(kb, "Çavuşoğlu", on) == top(kb, "Cavusoglu", on)
    assert (
        top(kb, "S. Jaishankar", on)
        == top(kb, "s jaishankar", on)
        == top(kb, "Dr S Jaishankar", on)
    )
    assert top(kb, "Putin’s", on) == top(kb, "Putin", on)
    assert normalise_name(" Ban Ki-moon ") == normalise_name("ban ki moon") == "ban ki moon"


def test_phoenix_variants_reach_curated_offices(kb: OfficeHolders) -> None:
    # The spelling only occurs in the Phoenix dictionary; the office comes from the curated file.
    found = kb.lookup("Vladimir Vladimirovich Putin", date(2010, 1, 1))
    assert [(x.role, x.origin) for x in found] == [("Prime Minister", "curated")]


def test_unknown_names_return_nothing(kb: OfficeHolders) -> None:
    assert kb.lookup("Quillon Darrowmere") == []
    assert kb.lookup("Quillon Darrowmere", date(2020, 1, 1)) == []
    assert kb.lookup("") == []
    assert kb.best("Quillon Darrowmere") is None
    assert "Quillon Darrowmere" not in kb


def test_without_a_date_offices_come_most_recent_first(kb: OfficeHolders) -> None:
    found = kb.lookup("Putin")
    assert found[0].role == "President" and found[0].end is None
    offices = [x for x in found if x.rank < 4]
    assert found[: len(offices)] == offices  # "no office" entries come last
    ends = [x.end or date.max for x in offices]
    assert ends == sorted(ends, reverse=True)
    assert {x.role for x in offices} >= {"President", "Prime Minister", "Acting President"}
    assert top(kb, "Bush") == ("George W. Bush", "President", "USA")


def test_name_sets_for_candidate_spotting(kb: OfficeHolders) -> None:
    assert {"putin", "lavrov", "modi", "tokayev"} <= kb.surnames()
    assert {"wang yi", "s jaishankar", "sergei lavrov"} <= kb.names()
    assert all(" " not in s for s in kb.surnames())


def test_loading_is_fast() -> None:
    start = time.process_time()
    OfficeHolders(read_rows(CURATED_FILE), read_rows(PHOENIX_FILE))
    assert time.process_time() - start < 1.5  # typically ~0.3 s; generous for busy machines


# --- the data files ---------------------------------------------------------------------


@pytest.mark.parametrize(("path", "origin"), [(CURATED_FILE, "curated"), (PHOENIX_FILE, "phoenix")])
def test_tsv_rows_are_well_formed(path: Path, origin: str) -> None:
    rows = list(read_rows(path))
    assert len(rows) > (500 if origin == "curated" else 10000)
    for holding, aliases in rows:
        assert holding.origin == origin
        assert holding.name and holding.role and holding.name == holding.name.strip()
        assert all(a and "\t" not in a for a in aliases)
        if holding.start and holding.end:
            assert holding.start <= holding.end, holding
        country = holding.country
        assert country in NON_ISO_COUNTRIES or pycountry.countries.get(alpha_3=country), holding


def test_curated_offices_do_not_overlap_between_people() -> None:
    """Two people never hold the same office of one country at once (beyond a handover day)."""
    by_office: dict[tuple[str, str], list[Holding]] = defaultdict(list)
    for holding, _ in read_rows(CURATED_FILE):
        by_office[(holding.country, holding.role)].append(holding)
    clashes = []
    for office, holdings in by_office.items():
        if office[0] in {"UNO", "IGO", "EUR"} or office[1] == "Vice President":
            continue
        holdings.sort(key=lambda x: x.start or date.min)
        for i, a in enumerate(holdings):
            for b in holdings[i + 1 :]:
                start = max(a.start or date.min, b.start or date.min)
                end = min(a.end or date.max, b.end or date.max)
                if a.name != b.name and (end - start).days > 3:
                    clashes.append((office, a.name, b.name))
    assert clashes == []


# --- behaviour on a small invented knowledge base ---------------------------------------


def test_grace_covers_month_precise_dates_only_when_nobody_is_in_office() -> None:
    kb = OfficeHolders(
        [
            (h("Mira Tallis", "President", "2001-03-01", "2009-03-01"), ["Tallis"]),
            (h("Orrin Tallis", "Foreign Minister", "2009-03-10", None), ["Tallis"]),
        ]
    )
    # Nobody called Tallis is in office on 2001-02-20; Mira's term starts within the grace.
    assert [x.name for x in kb.lookup("Tallis", date(2001, 2, 20))] == ["Mira Tallis"]
    assert kb.lookup("Tallis", date(2000, 12, 1)) == []
    # On 2009-03-05 nobody holds office on the day: both are within the grace period.
    assert [x.name for x in kb.lookup("Tallis", date(2009, 3, 5))] == [
        "Mira Tallis",
        "Orrin Tallis",
    ]
    # Once Orrin is in office, Mira's ended term no longer counts.
    assert [x.name for x in kb.lookup("Tallis", date(2009, 3, 20))] == ["Orrin Tallis"]


def test_ranking_prefers_curated_then_higher_office() -> None:
    kb = OfficeHolders(
        [
            (h("Dara Quell", "Foreign Minister", "2010-01-01", None), ["Quell"]),
            (h("Senna Quell", "President", "2012-01-01", None), ["Quell"]),
        ],
        [
            (
                h("Tomas Quell", "Government official", "2005-01-01", None, origin="phoenix"),
                ["Quell"],
            )
        ],
    )
    assert [x.name for x in kb.lookup("Quell", date(2013, 1, 1))] == [
        "Senna Quell",
        "Dara Quell",
        "Tomas Quell",
    ]


def test_no_office_entries_yield_to_offices_of_the_day() -> None:
    kb = OfficeHolders(
        [(h("Ivo Marren", "Prime Minister", "2004-01-01", "2008-01-01"), ["Marren"])],
        [(h("Lisl Marren", "Political figure", "1990-01-01", None, origin="phoenix"), ["Marren"])],
    )
    assert [x.name for x in kb.lookup("Marren", date(2006, 1, 1))] == ["Ivo Marren"]
    assert [x.name for x in kb.lookup("Marren", date(2010, 1, 1))] == ["Lisl Marren"]


def test_curated_rows_override_overlapping_phoenix_rows() -> None:
    kb = OfficeHolders(
        [(h("Kestrel Ayo", "President", "2000-01-01", "2005-12-31"), ["Ayo"])],
        [
            (
                h("Kestrel Ayo", "Government official", "1995-01-01", None, origin="phoenix"),
                ["Kestrel B. Ayo"],
            )
        ],
    )
    found = kb.lookup("Kestrel Ayo")
    assert [(x.role, x.start, x.end) for x in found] == [
        ("Government official", date(2006, 1, 1), None),
        ("President", date(2000, 1, 1), date(2005, 12, 31)),
        ("Government official", date(1995, 1, 1), date(1999, 12, 31)),
    ]
    # The Phoenix spelling now finds the curated office too.
    assert kb.lookup("Kestrel B. Ayo", date(2003, 1, 1))[0].role == "President"


def test_phoenix_leftovers_after_its_horizon_are_dropped() -> None:
    kb = OfficeHolders(
        [(h("Pell Rourke", "President", "1999-01-01", "2020-06-30"), ["Rourke"])],
        [(h("Pell Rourke", "Government official", "1998-01-01", None, origin="phoenix"), [])],
    )
    # Phoenix said "in office since 1998" in 2014; the curated term ending in 2020 supersedes it.
    assert kb.lookup("Rourke", date(2023, 1, 1)) == []
    assert [x.role for x in kb.lookup("Rourke", date(1998, 6, 1))] == ["Government official"]
