"""What each known setting may hold (schema version, time zone, currency, ...)."""

from __future__ import annotations

import re

from models.errors import DatabaseUnavailable

CURRENCY_LIMIT = 8
TIME_OF_DAY = re.compile(r"([01]?[0-9]|2[0-3]):[0-5][0-9]")
WHOLE = re.compile(r"-?[0-9]{1,9}")


class UnknownVersion(DatabaseUnavailable):
    """The schema version is not a whole number from 1 to today's (0, -7, 'abc'): no command
    may use the database, while 'check' still looks at it and says what else is wrong."""


def unfinished(target: str) -> str:
    return (f"{target} is not an OnTime Dispatch database, or is an unfinished copy (it has "
            "no schema version); if it is a copy, delete it and copy again.")


def parse_version(text: str | None) -> int:
    """The schema version a database says it has; refuses anything but 1..today's version."""
    from models.store import SCHEMA_VERSION

    problem = version_problem(text)
    if problem is None:
        return int(str(text).strip())
    if is_newer(text):
        raise DatabaseUnavailable(f"This database was written by a newer OnTime Dispatch "
                                  f"(schema {int(str(text))}); update the program.")
    raise UnknownVersion(f"This database's {problem}; it cannot be used. Restore a good "
                         "backup (or run 'check' to see what else is wrong).")


def is_newer(text: str | None) -> bool:
    from models.store import SCHEMA_VERSION

    value = str(text).strip() if text is not None else ""
    return bool(WHOLE.fullmatch(value)) and int(value) > SCHEMA_VERSION


def version_problem(text: str | None) -> str | None:
    from models.store import SCHEMA_VERSION

    value = str(text).strip() if text is not None else ""
    if not WHOLE.fullmatch(value) or not 1 <= int(value) <= SCHEMA_VERSION:
        return (f"schema version '{text}' is not one this program knows (1 to "
                f"{SCHEMA_VERSION})")
    return None


def _zone_problem(value: str) -> str | None:
    from zoneinfo import ZoneInfo

    try:
        if value.strip() != value or not value or "." in value.split("/")[0]:
            raise ValueError
        ZoneInfo(value)
    except Exception:
        return "is not a time zone (an IANA name such as America/Chicago)"
    return None


def _shape(check, words: str):
    return lambda value: None if check(value) else words


def _int_between(low: int, high: int):
    return _shape(lambda v: bool(WHOLE.fullmatch(v.strip())) and low <= int(v) <= high,
                  f"is not a whole number from {low} to {high}")


def _number_between(low: float, high: float):
    def ok(value: str) -> bool:
        try:
            return low <= float(value) <= high
        except ValueError:
            return False
    return _shape(ok, f"is not a number from {low:g} to {high:g}")


def _office_hours(value: str) -> str | None:
    from models.errors import DomainError
    from models.followups import parse_office_hours

    try:
        parse_office_hours(value)
    except (DomainError, ValueError):
        return "does not read like 'Mon-Sat 08:00-18:00'"
    return None


def _instant(value: str) -> str | None:
    import datetime as dt

    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return "is not an instant"
    return None


def _printable(limit: int):
    return _shape(lambda v: len(v) <= limit and v.isprintable(),
                  f"is not printable text of at most {limit} characters")


def _logo(value: str) -> str | None:
    from models.errors import DomainError
    from models.services.company_details import decode_logo, logo_kind

    data = decode_logo(value)
    if not value:
        return None
    try:
        logo_kind(data or b"")
    except DomainError as exc:
        return f"is not a usable logo ({exc})"
    return None


# Each known setting and what its value must look like (None: fine). Unknown keys are left
# alone: a later version may add settings.
SHAPES = {
    "schema_version": version_problem,
    "tz": _zone_problem,
    "currency": _shape(lambda v: 0 < len(v) <= CURRENCY_LIMIT and v.isprintable()
                       and v.strip() == v, f"is not a currency symbol (1 to {CURRENCY_LIMIT} "
                       "printable characters)"),
    "company_name": _shape(lambda v: 0 < len(v.strip()) and len(v) <= 200
                           and v.isprintable(), "is not a company name"),
    "route_sheet_time": _shape(lambda v: bool(TIME_OF_DAY.fullmatch(v)), "is not HH:MM"),
    "backup_time": _shape(lambda v: bool(TIME_OF_DAY.fullmatch(v)), "is not HH:MM"),
    "backup_keep": _int_between(1, 365),
    "follow_up_days": _int_between(0, 365),
    "margins_mm": _number_between(0, 100),
    "paper": _shape(lambda v: v.strip().lower() in ("letter", "a4"), "is not Letter or A4"),
    "office_hours": _office_hours,
    "live_swept_until": _instant,
    "office_phone": _printable(100),
    "address": _shape(lambda v: len(v) <= 1000, "is longer than 1000 characters"),
    "email": _printable(254),
    "logo": _logo,
}


# Settings whose key names something (``service_duration:<service>``): the same shape each.
PREFIXED = {
    "service_duration:": _int_between(1, 720),  # minutes, as a job's expected duration
}


def _shape_of(key: str):
    if key in SHAPES:
        return SHAPES[key]
    return next((shape for prefix, shape in PREFIXED.items() if key.startswith(prefix)), None)


def settings_problems(values: dict[str, str]) -> list[str]:
    """One line per known setting whose value has the wrong shape, or a required one missing."""
    problems = []
    for key in ("schema_version", "tz", "currency", "company_name"):
        if key not in values:
            problems.append(f"settings: '{key}' is missing")
    for key, value in sorted(values.items()):
        shape = _shape_of(key)
        if shape is None:
            continue
        problem = shape(str(value) if value is not None else "")
        if problem and key == "schema_version":
            problems.append(f"settings: the {problem}")
        elif problem:
            problems.append(f"settings: {key} '{_short(value)}' {problem}")
    return problems


def _short(value) -> str:
    text = str(value)
    return (text[:40] + "…") if len(text) > 40 else text
