"""Invented news pages shared by the feed and WARC reader tests."""

from __future__ import annotations

MINISTERS = [
    "The foreign ministers of Norway and Indonesia met in Oslo on Monday to prepare a joint "
    "initiative on maritime safety in the Strait of Malacca, both ministries said.",
    "The two sides agreed to set up a working group on search and rescue at sea, which is to "
    "report back to both governments before the end of the year.",
    "Indonesia's minister also invited her Norwegian counterpart to visit Jakarta next spring, "
    "an invitation that was accepted, according to a joint statement.",
]
TRADE = [
    "Chile and Vietnam opened a new round of talks on a bilateral trade agreement in Santiago "
    "on Tuesday, the Chilean trade ministry said in a statement.",
    "Negotiators are expected to focus on tariffs for fresh fruit and seafood, which make up "
    "most of the goods traded between the two countries.",
    "A second round is planned in Hanoi in February, officials from both delegations said.",
]
ENVOYS = [
    "Ghana recalled its ambassador to Togo for consultations on Wednesday after a dispute over "
    "fishing rights in the Gulf of Guinea, the foreign ministry in Accra said.",
    "Togo's government said it regretted the decision and remained open to talks.",
]


def page(title: str, paragraphs: list[str], head: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>{head}</head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer><p>Copyright 2024 Northern Desk</p></footer></body></html>"
    ).encode()
