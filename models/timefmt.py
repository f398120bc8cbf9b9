"""Reading and writing times as users type them: local ``YYYY-MM-DD HH:MM`` in the company zone."""

from __future__ import annotations

import datetime as dt
import re

from models.date_limits import check_day
from models.errors import DomainError
from models.rules import UTC, is_ambiguous, local_to_utc, zone

_LOCAL = re.compile(
    r"^(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[ T](?P<time>[0-9]{2}:[0-9]{2})(?::(?P<sec>[0-9]{2}))?"
    r"(?P<off>Z|[+-][0-9]{2}:?[0-9]{2})?$"
)


def parse_date(text: str) -> dt.date:
    text = text.strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise DomainError(f"'{text}' is not a date; write YYYY-MM-DD, e.g. 2026-11-23.")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise DomainError(f"'{text}' is not a real date.") from None
    return check_day(day, text)


def parse_clock(text: str) -> dt.time:
    text = text.strip()
    if not re.fullmatch(r"[0-9]{1,2}:[0-9]{2}", text):
        raise DomainError(f"'{text}' is not a time; write HH:MM in 24-hour form, e.g. 14:30.")
    hours, minutes = (int(x) for x in text.split(":"))
    if hours > 23 or minutes > 59:
        raise DomainError(f"'{text}' is not a time of day (00:00 to 23:59).")
    return dt.time(hours, minutes)


def _offset(text: str) -> dt.timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if delta > dt.timedelta(hours=14):
        raise DomainError(f"'{text}' is not a UTC offset.")
    return dt.timezone(sign * delta)


def parse_instant(text: str, tz: str) -> dt.datetime:
    """A past or future instant from local text (or text with an explicit offset), as UTC.

    Local time in the fall-back hour means its first occurrence; an offset picks the other.
    """
    match = _LOCAL.match(text.strip())
    if not match:
        raise DomainError(
            f"'{text}' is not a time; write YYYY-MM-DD HH:MM (local), optionally with a UTC "
            "offset such as -06:00 or Z."
        )
    day = parse_date(match["date"])
    clock = parse_clock(match["time"])
    seconds = int(match["sec"] or 0)
    if seconds > 59:
        raise DomainError(f"'{text}' has seconds out of range.")
    if match["off"]:
        naive = dt.datetime.combine(day, clock.replace(second=seconds))
        return naive.replace(tzinfo=_offset(match["off"])).astimezone(UTC)
    return local_to_utc(day, clock, tz) + dt.timedelta(seconds=seconds)


def parse_window_start(text: str, tz: str) -> tuple[dt.date, dt.time, int]:
    """(local date, local time, fold) for a window start typed as local text.

    An explicit offset must be one the zone uses at that wall time; it picks the occurrence.
    """
    match = _LOCAL.match(text.strip())
    if not match or match["sec"]:
        raise DomainError(f"'{text}' is not a window start; write YYYY-MM-DD HH:MM.")
    day, clock = parse_date(match["date"]), parse_clock(match["time"])
    if not match["off"]:
        local_to_utc(day, clock, tz)  # refuses the spring-forward gap
        return day, clock, 0
    wanted = _offset(match["off"]).utcoffset(None)
    naive = dt.datetime.combine(day, clock)
    for fold in (0, 1):
        if naive.replace(tzinfo=zone(tz), fold=fold).utcoffset() == wanted:
            local_to_utc(day, clock, tz, fold)
            return day, clock, fold
    raise DomainError(f"'{text}': {tz} is not at that UTC offset on that day.")


def format_local(instant: dt.datetime | None, tz: str) -> str:
    """``YYYY-MM-DD HH:MM`` in the zone, with the offset during the repeated fall-back hour."""
    if instant is None:
        return ""
    local = instant.astimezone(zone(tz))
    text = local.strftime("%Y-%m-%d %H:%M")
    if is_ambiguous(local.date(), local.time().replace(second=0, microsecond=0), tz):
        offset = local.strftime("%z")
        text += f"{offset[:3]}:{offset[3:]}"
    return text


def format_clock(instant: dt.datetime | None, tz: str) -> str:
    if instant is None:
        return ""
    return instant.astimezone(zone(tz)).strftime("%H:%M")
