"""The `stats` table (INTERFACES.md): one row per truck / day / ISO week / month, then `total`."""

from __future__ import annotations

import datetime as dt

from models.csvout import safe_text
from models.reports.figures import Cube, Figures, cube, truck_names
from models.reports.goodwill import add_goodwill
from models.reports.period import DateRange, key_of, keys

HEADER = ("group", "jobs", "arrived", "on_time", "late", "on_time_pct", "avg_minutes_late",
          "p90_minutes_late", "tier1", "tier2", "tier3", "free_jobs", "rewards_value",
          "complaints", "goodwill_value")


def _blank(value) -> str:
    return "" if value is None else str(value)


def row(group: str, f: Figures) -> list[str]:
    """One line of figures; the group (a truck's name is free text) never starts a formula."""
    return [safe_text(group), str(f.jobs), str(f.arrived), str(f.on_time), str(f.late),
            _blank(f.on_time_pct), _blank(f.avg_minutes_late), _blank(f.p90_minutes_late),
            *(str(n) for n in f.reward_tiers), str(f.free_jobs), f"{f.rewards_value:.2f}",
            str(f.complaints), f"{f.goodwill_value:.2f}"]


def grouped(data: Cube, rng: DateRange, by: str) -> list[tuple[str, Figures]]:
    """Figures per group of the range, in display order (empty periods included)."""
    if by == "truck":
        names = truck_names()
        out = [(names.get(truck_id, f"truck {truck_id}"), figures)
               for truck_id, figures in data.by_truck.items()]
        return sorted(out, key=lambda item: item[0].casefold())
    groups = {key: Figures() for key in keys(rng, by)}
    for day, figures in data.by_day.items():
        groups[key_of(dt.date.fromisoformat(day), by)].add(figures)
    return list(groups.items())


def stats_table(rng: DateRange, by: str | None = None) -> list[list[str]]:
    """The rows of `stats --from --to [--by]`: groups then `total` (only `total` without by).
    One statement reads everything (see figures.cube)."""
    data = cube(rng, trucks=by == "truck")
    add_goodwill(data, rng)
    rows = [row(name, f) for name, f in grouped(data, rng, by)] if by else []
    rows.append(row("total", data.total))
    return rows
