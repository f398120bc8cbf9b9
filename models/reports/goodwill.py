"""Goodwill rewards of a date range, for the owner's figures (apart from the guarantee's)."""

from __future__ import annotations

from models.company import company_tz
from models.reports.figures import Cube, Figures
from models.reports.period import DateRange
from models.rules import local_day_bounds, zone
from models.schema import Job, Reward


def add_goodwill(data: Cube, rng: DateRange) -> None:
    """Add the range's goodwill (not void) to the cube's days, trucks and total.

    A goodwill reward about a job counts on that job's day and truck; one given to the
    customer alone on the local day it was recorded (in the total and its day, no truck).
    Goodwill is given by hand, a few a week: two small queries, not a summary table.
    """
    tz = company_tz()
    live = Reward.kind == "goodwill", Reward.status != "void"
    about_jobs = (Reward.select(Reward.value, Job.local_date, Job.truck)
                  .join(Job, on=(Job.id == Reward.goodwill_job))
                  .where(*live, Job.local_date >= rng.first, Job.local_date <= rng.last)
                  .tuples())
    first, _ = local_day_bounds(rng.first, tz)
    _, last = local_day_bounds(rng.last, tz)
    alone = (Reward.select(Reward.value, Reward.created_at)
             .where(*live, Reward.goodwill_job.is_null(), Reward.created_at >= first,
                    Reward.created_at < last).tuples())
    rows = [(value, day, truck or 0) for value, day, truck in about_jobs]  # 0: unassigned
    rows += [(value, at.astimezone(zone(tz)).date(), None) for value, at in alone]
    for value, day, truck in rows:
        cents = int(value * 100)
        data.by_day.setdefault(day.isoformat(), Figures()).goodwill_cents += cents
        if truck is not None:
            data.by_truck.setdefault(truck, Figures()).goodwill_cents += cents
        data.total.goodwill_cents += cents
