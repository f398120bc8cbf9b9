"""What goes on a day's route sheets, as plain data (the desktop draws it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from models.company import DEFAULTS, company
from models.display import day_text
from models.errors import DomainError
from models.letterhead import letterhead
from models.queries.day import DayJob, day_jobs
from models.queries.route import Handover, route_extras
from models.schema import Setting
from models.timefmt import format_clock

# Jobs the crew will not visit: the old half of a reschedule and cancelled ones.
NOT_VISITED = ("cancelled", "rescheduled")
PAPERS = ("Letter", "A4")
FREE_NOTE = "FREE — rescheduled by us"


@dataclass(frozen=True)
class Flag:
    """Something the crew must not miss: ``kind`` is short (cover page), ``text`` is full."""

    kind: str  # perfect | reward | deliver | redeem
    text: str


FLAG_LABELS = {"perfect": "make this visit perfect", "reward": "reward to hand over",
               "deliver": "certificate to deliver", "redeem": "certificate to redeem"}


@dataclass(frozen=True)
class SheetJob:
    """One stop on a truck's sheet."""

    job_id: int
    external_id: str | None
    seq: int  # 1-based stop number on the truck's sheet
    window: str  # "08:00–09:00" in the company's zone
    customer: str
    address: str
    phone: str
    service: str
    collect: str  # "$120.00", never below $0.00
    collect_note: str  # why it is less than the price ("FREE — rescheduled by us", ...)
    notes: str
    flags: list[Flag] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass(frozen=True)
class TruckSheet:
    truck: str
    crew: str
    jobs: list[SheetJob]

    @property
    def first_window(self) -> str:
        return self.jobs[0].window if self.jobs else ""

    @property
    def flagged(self) -> list[SheetJob]:
        return [j for j in self.jobs if j.flagged]


@dataclass(frozen=True)
class RouteSheets:
    company: str
    office_phone: str
    currency: str
    day: dt.date
    date_text: str  # "Mon 23 Nov 2026" (models/display.py)
    paper: str  # Letter | A4
    margins_mm: float
    printed_at: str  # local "Mon 23 Nov 2026 06:00"
    trucks: list[TruckSheet]  # in truck-name order; only trucks with jobs unless chosen
    cover: list[TruckSheet]  # every truck for the cover page (chosen ones when chosen)
    # Jobs of the day with no truck yet: the cover page warns that nobody will go there.
    unassigned: list[SheetJob] = field(default_factory=list)
    contact: str = ""  # the letterhead's address, phone and e-mail on one line
    logo: bytes | None = None  # the company's PNG or JPEG


def money(value: Decimal, currency: str) -> str:
    return f"{currency}{value.quantize(Decimal('0.01')):,.2f}"


def layout_settings() -> tuple[str, float]:
    """Paper and margins from settings, with safe values when a setting is odd."""
    values = {r.key: r.value for r in Setting.select().where(Setting.key.in_(["paper",
                                                                                "margins_mm"]))}
    paper = values.get("paper", DEFAULTS["paper"]).strip()
    paper = next((p for p in PAPERS if p.lower() == paper.lower()), "Letter")
    try:
        margins = float(values.get("margins_mm", DEFAULTS["margins_mm"]))
    except ValueError:
        margins = float(DEFAULTS["margins_mm"])
    return paper, min(max(margins, 5.0), 40.0)


def build_route_sheets(day: dt.date, now: dt.datetime,
                       truck_names: list[str] | None = None) -> RouteSheets:
    """The sheets of ``day`` for all trucks, or for the named ones (refusing unknown names)."""
    info = company()
    jobs = [j for j in day_jobs(day, now) if j.status not in NOT_VISITED]
    extras = route_extras([j.job_id for j in jobs], sorted({j.customer_id for j in jobs}))
    extras_trucks = extras.trucks
    by_name = {t.name: t for t in extras_trucks}
    if truck_names:
        wanted = _resolve(truck_names, by_name)
        jobs = [j for j in jobs if j.truck in wanted or j.truck_id is None]
    handovers = _assign_handovers(jobs, extras.handovers)
    grouped: dict[str, list[DayJob]] = {}
    waiting = [j for j in jobs if j.truck_id is None]
    for job in jobs:
        if job.truck_id is not None:
            grouped.setdefault(job.truck, []).append(job)
    cur = info.currency
    sheets: dict[str, TruckSheet] = {}
    for name, truck_jobs in grouped.items():
        truck = by_name.get(name)
        rows = [_sheet_job(n, j, info.tz, cur, j.job_id in extras.free_jobs,
                           extras.redeemed.get(j.job_id), handovers.get(j.job_id, []),
                           _perfect(j, extras.perfect_after))
                for n, j in enumerate(truck_jobs, 1)]
        sheets[name] = TruckSheet(name, truck.crew if truck else "", rows)
    if truck_names:
        cover_names = wanted
        trucks = [sheets.get(n) or TruckSheet(n, by_name[n].crew, []) for n in wanted]
    else:
        cover_names = [t.name for t in extras_trucks if t.active or t.name in sheets]
        trucks = [sheets[n] for n in cover_names if n in sheets]
    cover = [sheets.get(n) or TruckSheet(n, by_name[n].crew, []) for n in cover_names]
    paper, margins = layout_settings()
    local_now = now.astimezone(_zone(info.tz))
    head = letterhead(info)
    return RouteSheets(info.name, info.office_phone, cur, day,
                       day_text(day), paper, margins,
                       f"{day_text(local_now.date())} {local_now:%H:%M}", trucks, cover,
                       [_sheet_job(n, j, info.tz, cur, j.job_id in extras.free_jobs,
                                   extras.redeemed.get(j.job_id), handovers.get(j.job_id, []),
                                   _perfect(j, extras.perfect_after))
                        for n, j in enumerate(waiting, 1)],
                       " · ".join(head.contact_lines), head.logo)


def _zone(tz: str):
    from models.rules import zone

    return zone(tz)


def _resolve(names: list[str], by_name: dict) -> list[str]:
    found = []
    for name in names:
        match = by_name.get(name) or next(
            (t for t in by_name.values() if t.name.casefold() == name.strip().casefold()), None)
        if match is None:
            known = ", ".join(sorted(by_name)) or "none yet"
            raise DomainError(f"There is no truck called '{name}'. Trucks: {known}.")
        if match.name not in found:
            found.append(match.name)
    return sorted(found)


def _assign_handovers(jobs: list[DayJob],
                      pending: dict[int, list[Handover]]) -> dict[int, list[Handover]]:
    """Each pending reward goes on the customer's first visit that day after the one that
    earned it: never on the very job whose lateness caused it (that crew is already late
    there, and a reprinted sheet must not tell them to hand it over as if it were owed)."""
    given: set[int] = set()
    result: dict[int, list[Handover]] = {}
    for job in sorted(jobs, key=lambda j: (j.window_start, j.job_id)):
        for item in pending.get(job.customer_id, []):
            if (item.reward_id in given or item.job_id == job.job_id
                    or item.window_start > job.window_start):
                continue
            given.add(item.reward_id)
            result.setdefault(job.job_id, []).append(item)
    return result


def _perfect(job: DayJob, after: dict[int, dt.datetime]) -> bool:
    """"Make this visit perfect" is for the visits after the one the complaint was about."""
    if not job.make_visit_perfect:
        return False
    since = after.get(job.customer_id)
    return since is None or job.window_start > since


def _sheet_job(seq: int, job: DayJob, tz: str, cur: str, free: bool,
               redeemed: tuple[str, Decimal] | None, handovers: list[Handover],
               perfect: bool) -> SheetJob:
    price = Decimal(job.price)
    notes: list[str] = []
    flags: list[Flag] = []
    if perfect:
        flags.append(Flag("perfect", "MAKE THIS VISIT PERFECT — this customer had a problem "
                                     "with us before; prove we fixed it."))
    if free:
        collect, notes = Decimal(0), [FREE_NOTE]
    elif job.tier == 3:
        collect, notes = Decimal(0), ["FREE — we were more than two hours late"]
    else:
        collect = price
    if redeemed is not None:
        code, value = redeemed
        flags.append(Flag("redeem", f"CERTIFICATE TO REDEEM: {code} (worth "
                                    f"{money(value, cur)}) — collect it from the customer."))
        if collect > 0:
            collect = max(Decimal(0), collect - value)
            notes.append(f"{money(price, cur)} less certificate {code} ({money(value, cur)})")
    for item in handovers:
        earlier = " (owed from an earlier visit)"
        if item.tier is not None and item.tier < 3:
            flags.append(Flag("reward", f"REWARD TO HAND OVER: {item.wording} — value "
                                        f"{money(item.value, cur)}{earlier}"))
        if item.certificate_code:
            flags.append(Flag("deliver", f"CERTIFICATE TO DELIVER: {item.certificate_code} "
                                         f"(worth {money(item.certificate_value or Decimal(0), cur)})"
                                         f"{earlier}"))
    window = f"{format_clock(job.window_start, tz)}–{format_clock(job.window_end, tz)}"
    return SheetJob(job.job_id, job.external_id, seq, window, job.customer, job.address,
                    job.phone, job.service, money(collect, cur), "; ".join(notes), job.notes,
                    flags)
