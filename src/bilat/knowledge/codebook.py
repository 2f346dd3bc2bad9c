"""CAMEO codes, Goldstein scores and PLOVER scores, from the public codebooks.

CAMEO code and Goldstein score ride along with every PLOVER event so that GDELT-style users can
keep their tools; the PLOVER score follows the PLOVER manual's table (type, or type and mode).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bilat.knowledge.loading import read_tsv

# PLOVER manual v2.0 scores by type and "type: mode" (facts from the codebook). The manual prints
# ACCUSE as +3, which its own modes (-2 to -3.5) show to be a sign slip; -3.0 is used here.
PLOVER_SCORES: dict[str, float] = {
    "AGREE": 2.5, "CONSULT": 2.5, "SUPPORT": 5.0, "CONCEDE": 4.5, "COOPERATE": 9.5, "AID": 10.0,
    "RETREAT": 6.5, "REQUEST": 0.0, "ACCUSE": -3.0, "REJECT": -2.0, "THREATEN": -3.5,
    "PROTEST": -5.0, "SANCTION": -6.0, "MOBILIZE": -5.5, "COERCE": -7.0, "ASSAULT": -9.0,
    "CONSULT:visit": 4.0, "CONSULT:third-party": 1.0, "CONSULT:multilateral": 4.0,
    "CONSULT:phone": 1.5, "RETREAT:withdraw": 8.0, "RETREAT:release": 6.5,
    "RETREAT:disarm": 10.0, "RETREAT:ceasefire": 7.5, "RETREAT:access": 6.5,
    "RETREAT:resign": 4.5, "REQUEST:assist": 0.5, "REQUEST:change": -1.0, "REQUEST:yield": -1.0,
    "REQUEST:meet": 0.0, "ACCUSE:disapprove": -2.0, "ACCUSE:investigate": -3.5,
    "ACCUSE:allege": -3.5, "REJECT:assist": -1.5, "REJECT:change": -2.0, "REJECT:yield": -2.0,
    "REJECT:meet": -2.0, "THREATEN:restrict": -3.0, "THREATEN:arrest": -3.5,
    "THREATEN:relations": -3.5, "THREATEN:expel": -3.5, "THREATEN:territory": -4.0,
    "THREATEN:violence": -3.5, "PROTEST:demo": -5.0, "PROTEST:riot": -7.0,
    "PROTEST:strike": -5.0, "PROTEST:hunger": -4.5, "PROTEST:boycott": -4.5,
    "PROTEST:obstruct": -4.5, "SANCTION:convict": -6.0, "SANCTION:expel": -5.5,
    "SANCTION:withdraw": -6.0, "SANCTION:discontinue": -6.0, "MOBILIZE:troops": -6.5,
    "MOBILIZE:weapons": -6.5, "MOBILIZE:police": -5.5, "MOBILIZE:militia": -6.0,
    "COERCE:seize": -7.0, "COERCE:restrict": -7.0, "COERCE:censor": -6.5,
    "COERCE:curfew": -6.5, "COERCE:martial-law": -7.5, "COERCE:arrest": -7.0,
    "COERCE:deport": -7.0, "COERCE:withhold": -7.0, "COERCE:misinformation": -6.5,
    "COERCE:cyber": -7.0, "ASSAULT:abduct": -8.5, "ASSAULT:beat": -7.5,
    "ASSAULT:torture": -8.5, "ASSAULT:sexual": -8.5, "ASSAULT:targeted": -9.5,
    "ASSAULT:destroy": -8.5, "ASSAULT:primitive": -8.0, "ASSAULT:firearms": -9.0,
    "ASSAULT:explosives": -9.0, "ASSAULT:suicide-attack": -9.5, "ASSAULT:aerial": -9.5,
    "ASSAULT:drone": -9.5, "ASSAULT:heavy-weapons": -9.5, "ASSAULT:crowd-control": -7.5,
    "ASSAULT:unconventional": -10.0,
}


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float | None
    plover: str | None
    mode: str | None
    context: str | None


@cache
def cameo_table() -> dict[str, CameoCode]:
    table: dict[str, CameoCode] = {}
    for row in read_tsv("cameo.tsv"):
        score = row["goldstein"]
        table[row["cameo"]] = CameoCode(
            code=row["cameo"],
            name=row["name"],
            goldstein=float(score) if score else None,
            plover=row["plover"] or None,
            mode=row["mode"] or None,
            context=row["context"] or None,
        )
    return table


def goldstein(cameo: str | None) -> float | None:
    """Goldstein score of a CAMEO code, falling back to its parent code (0571 → 057 → 05)."""
    table = cameo_table()
    while cameo:
        entry = table.get(cameo)
        if entry is not None and entry.goldstein is not None:
            return entry.goldstein
        cameo = cameo[:-1]
    return None


def plover_score(event_type: str, mode: str | None) -> float | None:
    if mode and f"{event_type}:{mode}" in PLOVER_SCORES:
        return PLOVER_SCORES[f"{event_type}:{mode}"]
    return PLOVER_SCORES.get(event_type)
