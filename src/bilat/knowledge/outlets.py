"""The home country of an article: where officials named without a country most likely serve.

Evidence in order of strength: the dateline's place ("WASHINGTON, March 31 -"), a known outlet or
official source, the country-code top-level domain of the URL, and a state that dominates the
article's mentions. No guess is made when none of these speaks.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlparse

import pycountry

from bilat.knowledge.loading import read_tsv

_TLD_EXCEPTIONS = {"uk": "GBR", "su": "RUS"}


@cache
def _outlets() -> tuple[tuple[str, str], ...]:
    return tuple((row["outlet"].lower(), row["code"]) for row in read_tsv("outlets.tsv"))


def outlet_country(outlet: str | None, url: str | None) -> str | None:
    haystack = f"{outlet or ''} {urlparse(url).netloc if url else ''}".lower()
    for name, code in _outlets():
        if name in haystack:
            return code
    if url:
        host = urlparse(url).netloc.lower().split(":")[0]
        tld = host.rsplit(".", 1)[-1] if "." in host else ""
        if tld in _TLD_EXCEPTIONS:
            return _TLD_EXCEPTIONS[tld]
        if len(tld) == 2:
            country = pycountry.countries.get(alpha_2=tld.upper())
            if country is not None:
                return str(country.alpha_3)
    return None
