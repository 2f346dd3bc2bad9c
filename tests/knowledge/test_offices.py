"""Office titles: which words are titles, and which role, sector and rank they normalise to."""

from __future__ import annotations

from bilat.knowledge.gazetteer import read_tsv
from bilat.knowledge.offices import Office, _case_variants, find_titles, normalise_role

PM = Office("Prime Minister", "GOV", 2)
FM = Office("Foreign Minister", "GOV", 3)


def titles(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], office.role) for start, end, office in find_titles(text)]


def test_longest_title_with_offsets() -> None:
    text = "Deputy Prime Minister Arlo Venn met the Prime Minister."
    found = find_titles(text)
    assert found == [(0, 21, Office("Deputy Prime Minister", "GOV", 3)), (40, 54, PM)]


def test_lower_and_sentence_case_for_ordinary_titles() -> None:
    assert titles("the prime minister and the foreign minister; Defence minister") == [
        ("prime minister", "Prime Minister"),
        ("foreign minister", "Foreign Minister"),
        ("Defence minister", "Defence Minister"),
    ]


def test_exact_case_titles_are_not_everyday_words() -> None:
    assert titles("in general, the speaker of the event, premier quality") == []
    assert titles("General Ostrava and Speaker Lund") == [
        ("General", "General"),
        ("Speaker", "Speaker"),
    ]


def test_pm_after_a_number_is_a_time() -> None:
    assert titles("at 5 PM the PM spoke") == [("PM", "Prime Minister")]


def test_blockers() -> None:
    assert titles("the General Assembly and General Motors") == []


def test_country_specific_spellings_of_foreign_minister() -> None:
    text = "Secretary of State, Foreign Secretary, External Affairs Minister, top diplomat"
    assert {office for _, _, office in find_titles(text)} == {FM}


def test_possessive_and_abbreviated_titles() -> None:
    assert titles("the President's plane and Lt. Gen. Saro") == [
        ("President", "President"),
        ("Lt. Gen.", "General"),
    ]


def test_sectors_and_ranks() -> None:
    defence = normalise_role("Minister of Defence")
    general = normalise_role("Major General")
    assert defence == Office("Defence Minister", "GOV", 4)
    assert general is not None and general.sector == "MIL"
    ranks = [normalise_role(t) for t in ("King", "Premier", "Foreign Minister", "Ambassador")]
    assert [o.rank for o in ranks if o] == [1, 2, 3, 5]


def test_normalise_role() -> None:
    assert normalise_role("foreign  minister") == FM
    assert normalise_role("MINISTER OF FOREIGN AFFAIRS") == FM
    assert normalise_role("Ruritanian Prime Minister") == PM
    assert normalise_role("Deputy Prime Minister and Foreign Minister") == Office(
        "Deputy Prime Minister", "GOV", 3
    )
    assert normalise_role("President and Prime Minister") == Office("President", "GOV", 1)
    assert normalise_role("accountant") is None
    assert normalise_role("General Assembly") is None


def test_data_is_well_formed() -> None:
    sectors = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "PTY", "-"}
    for row in read_tsv("offices.tsv"):
        assert len(row) == 5, row
        title, role, sector, rank, case = row
        assert sector in sectors, row
        assert case in {"any", "exact"}, row
        assert (role == "-") == (rank == "0"), row
        assert role == "-" or 1 <= int(rank) <= 6, row


def test_no_spelling_maps_to_two_offices() -> None:
    seen: dict[str, tuple[str, str, str]] = {}
    clashes = []
    for title, role, sector, rank, case in read_tsv("offices.tsv"):
        forms = _case_variants(title) if case == "any" else {title}
        for form in forms:
            office = (role, sector, rank)
            if seen.setdefault(form, office) != office:
                clashes.append(form)
    assert clashes == []
