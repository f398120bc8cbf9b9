"""Distances between US ZIP codes' centroids, from the offline ``zipcodes`` table.

The table's first lookup costs ~0.4 s and ~55 MB (it unpacks every ZIP), so the learned
state remembers the centroids of the ZIPs it has seen and a forecast asks the table only
for a ZIP never seen before."""

from __future__ import annotations

import math
from functools import lru_cache

EARTH_KM = 6371.0088


def zip5(text: str | None) -> str | None:
    """The 5-digit ZIP at the end of an address field, or None."""
    if not text:
        return None
    digits = text.strip()[:5]
    return digits if len(digits) == 5 and digits.isdigit() else None


@lru_cache(maxsize=65536)
def centroid(zip_code: str | None) -> tuple[float, float] | None:
    code = zip5(zip_code)
    if code is None:
        return None
    import zipcodes  # lazy: only a ZIP the learned state has not seen pays for the table

    found = zipcodes.matching(code)
    if not found:
        return None
    return float(found[0]["lat"]), float(found[0]["long"])


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, h)))
