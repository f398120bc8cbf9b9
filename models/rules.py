"""The guarantee's rules as plain functions over plain values. ``now`` is always passed in.

All lateness arithmetic is done on UTC instants: Python subtracts two aware datetimes that
share a tzinfo as wall-clock time, which is wrong across a daylight-saving change.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from models.errors import DomainError
from models.policy import Policy

UTC = dt.timezone.utc
ONE_MINUTE = dt.timedelta(minutes=1)
FAULTS = ("company", "customer", "shared", "third_party", "no_one")


class NonexistentLocalTime(DomainError):
    """A wall-clock time skipped by a spring-forward change."""


def zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def local_to_utc(day: dt.date, start: dt.time, tz: str, fold: int = 0) -> dt.datetime:
    """The UTC instant of a wall-clock time; refuses a time that does not exist that day."""
    naive = dt.datetime.combine(day, start.replace(second=0, microsecond=0))
    local = naive.replace(tzinfo=zone(tz), fold=fold)
    instant = local.astimezone(UTC)
    back = instant.astimezone(zone(tz)).replace(tzinfo=None)
    if back != naive:
        raise NonexistentLocalTime(
            f"{day.isoformat()} {start.strftime('%H:%M')} does not exist in {tz}: the clocks "
            "spring forward over it. Pick a time outside the skipped hour."
        )
    return instant


def is_ambiguous(day: dt.date, start: dt.time, tz: str) -> bool:
    """True when the wall-clock time happens twice (the repeated fall-back hour)."""
    naive = dt.datetime.combine(day, start)
    first = naive.replace(tzinfo=zone(tz), fold=0).utcoffset()
    second = naive.replace(tzinfo=zone(tz), fold=1).utcoffset()
    return first != second and not _in_gap(naive, tz)


def _in_gap(naive: dt.datetime, tz: str) -> bool:
    back = naive.replace(tzinfo=zone(tz)).astimezone(UTC).astimezone(zone(tz))
    return back.replace(tzinfo=None) != naive


def window_bounds(
    day: dt.date, start: dt.time, tz: str, fold: int = 0, minutes: int = 60
) -> tuple[dt.datetime, dt.datetime]:
    """(start, end) of a window in UTC: the end is ``minutes`` *elapsed* after the start."""
    from models.date_limits import check_day

    check_day(day)  # every window booked or moved, from any screen, stays in the span
    begin = local_to_utc(day, start, tz, fold)
    return begin, begin + dt.timedelta(minutes=minutes)


def local_day_end(day: dt.date, tz: str) -> dt.datetime:
    """The UTC instant the local day ends (the next local midnight)."""
    naive = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0))
    return naive.replace(tzinfo=zone(tz)).astimezone(UTC)


def local_day_bounds(day: dt.date, tz: str) -> tuple[dt.datetime, dt.datetime]:
    return local_day_end(day - dt.timedelta(days=1), tz), local_day_end(day, tz)


def minutes_late(window_end: dt.datetime, arrived_at: dt.datetime) -> int:
    """Whole minutes after the window closed, floored; 0 when on time."""
    # Both to UTC first: aware datetimes sharing a tzinfo compare as wall-clock times.
    late = arrived_at.astimezone(UTC) - window_end.astimezone(UTC)
    return max(late // ONE_MINUTE, 0)


def is_late(window_end: dt.datetime, arrived_at: dt.datetime) -> bool:
    return minutes_late(window_end, arrived_at) >= 1


def is_early(window_start: dt.datetime, arrived_at: dt.datetime) -> bool:
    return arrived_at.astimezone(UTC) < window_start.astimezone(UTC)


def tier_for(minutes: int, policy: Policy) -> int:
    """0 for none, else 1..3: the highest tier whose threshold ``minutes`` reaches."""
    tier = 0
    for number, t in enumerate(policy.tiers, start=1):
        if minutes >= t.threshold_minutes:
            tier = number
    return tier


def guarantee_applies(fault: str) -> bool:
    """Every fault but the customer's own keeps the guarantee: her perception is what counts."""
    if fault not in FAULTS:
        raise DomainError(f"Unknown fault '{fault}'; use one of: {', '.join(FAULTS)}.")
    return fault != "customer"


def reward_for(tier: int, policy: Policy, job_price: Decimal) -> tuple[str, Decimal]:
    """(wording, value) of a lateness reward; tier 3 is the job price plus the certificate."""
    t = policy.tiers[tier - 1]
    if tier == 3:
        return t.wording, (job_price + policy.certificate_value + t.value).quantize(Decimal("0.01"))
    return t.wording, t.value.quantize(Decimal("0.01"))


def earned_at(window_end: dt.datetime, tier: int, policy: Policy) -> dt.datetime:
    """The instant a tier was crossed: the window end plus its threshold."""
    minutes = policy.tiers[tier - 1].threshold_minutes
    return window_end.astimezone(UTC) + dt.timedelta(minutes=minutes)


def add_months(instant: dt.datetime, months: int, tz: str = "UTC") -> dt.datetime:
    """The same local date and time ``months`` later in zone ``tz``, as a UTC instant.

    The day is clamped to the month's last day (Feb 29 -> Feb 28). The wall-clock time is
    kept across a daylight-saving change; one the clocks skip that day moves forward past
    the gap, and a repeated one means its first occurrence.
    """
    local = instant.astimezone(zone(tz))
    month0 = local.month - 1 + months
    year, month = local.year + month0 // 12, month0 % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    naive = local.replace(tzinfo=None, year=year, month=month, day=day, fold=0)
    return naive.replace(tzinfo=zone(tz)).astimezone(UTC)


def window_end_day(window_end: dt.datetime, tz: str) -> dt.date:
    """The local date on which a window ends (the next day for 23:30-00:30)."""
    return window_end.astimezone(zone(tz)).date()


def live_cutoff(
    now: dt.datetime,
    window_end: dt.datetime,
    booked_at: dt.datetime,
    day: dt.date,
    tz: str,
    guarantee_ended_at: dt.datetime | None = None,
) -> dt.datetime | None:
    """The instant live lateness is measured to, or None when live evaluation does not apply.

    A job booked after its window had closed earns nothing until it is stamped; after the
    local day in which the window ends (arrival not recorded), and after a reschedule or a
    cancellation, it rises no further. ``day`` is the window's own date; a window that ends
    after midnight runs to the end of the next day.
    """
    if booked_at > window_end:
        return None
    cutoff = min(now, local_day_end(max(day, window_end_day(window_end, tz)), tz))
    if guarantee_ended_at is not None:
        cutoff = min(cutoff, guarantee_ended_at)
    return cutoff


def arrival_not_recorded(now: dt.datetime, window_end: dt.datetime, tz: str) -> bool:
    """True once the local day in which the window ended is over."""
    return now >= local_day_end(window_end_day(window_end, tz), tz)


@dataclass(frozen=True)
class RouteStop:
    """What prediction needs to know of one job on a truck's day, in window order."""

    job_id: int
    window_start: dt.datetime
    window_end: dt.datetime
    duration_minutes: int
    arrived_at: dt.datetime | None = None
    completed: bool = False


def predicted_arrivals(stops: list[RouteStop], policy: Policy) -> dict[int, dt.datetime]:
    """Predicted arrival of each job that has not arrived and follows an unfinished job.

    The previous unfinished job ends at the latest of its arrival, its own prediction and its
    window start, plus its expected duration; the crew then needs the travel allowance.
    """
    travel = dt.timedelta(minutes=policy.travel_minutes)
    predicted: dict[int, dt.datetime] = {}
    previous_end: dt.datetime | None = None
    for stop in sorted(stops, key=lambda s: s.window_start):
        if stop.arrived_at is None and previous_end is not None:
            predicted[stop.job_id] = previous_end + travel
        if stop.completed:
            previous_end = None
            continue
        candidates = [stop.window_start]
        if stop.arrived_at is not None:
            candidates.append(stop.arrived_at)
        if stop.job_id in predicted:
            candidates.append(predicted[stop.job_id])
        previous_end = max(candidates) + dt.timedelta(minutes=stop.duration_minutes)
    return predicted


def at_risk(
    now: dt.datetime,
    window_end: dt.datetime,
    predicted: dt.datetime | None,
    policy: Policy,
) -> bool:
    """Not arrived yet, the window still open, and either close to its end or predicted past it."""
    if minutes_late(window_end, now) >= 1:
        return False  # that is late, not at risk
    now, window_end = now.astimezone(UTC), window_end.astimezone(UTC)
    if now >= window_end - dt.timedelta(minutes=policy.at_risk_minutes):
        return True
    return predicted is not None and predicted.astimezone(UTC) > window_end
