"""A demo company whose day sits around the current time, showing every state at once."""

from __future__ import annotations

import datetime as dt
import random

from models import store
from models.db import write_tx
from models.rules import zone
from models.services import jobs, people, stamps
from models.services.actor import Actor
from models.services.guarantee import evaluate

DEMO_FALLBACK_TZ = "America/Chicago"
DEMO_OWNER = "owner"
DEMO_PASSWORD = "demo-owner"

CREWS = [("Truck 1", "Luis & Dana", "#2563eb"), ("Truck 2", "Priya & Sam", "#16a34a"),
         ("Truck 3", "Marcus & Lee", "#9333ea"), ("Truck 4", "Ana & Tom", "#ea580c"),
         ("Truck 5", "Keisha & Ray", "#0891b2"), ("Truck 6", "Hiro & Beth", "#be123c"),
         ("Truck 7", "Omar & Jess", "#4d7c0f"), ("Truck 8", "Nadia & Cole", "#7c3aed"),
         ("Truck 9", "Wes & Maria", "#b45309")]
FIRST = ["Maria", "James", "Linda", "Robert", "Patricia", "Michael", "Jennifer", "David",
         "Elizabeth", "William", "Barbara", "Carlos", "Susan", "Joseph", "Jessica", "Thomas",
         "Sarah", "Daniel", "Karen", "Zoë", "Ngozi", "Mei", "Aarav", "Fatima", "Olga", "Kenji"]
LAST = ["Garcia", "Johnson", "Nguyen", "Smith", "Okafor", "Patel", "Kowalski", "Brown",
        "Martinez", "Anderson", "Haddad", "Schmidt", "Ñúñez", "O'Brien", "Lee", "Rossi",
        "Cohen", "Yamamoto", "Fischer", "Walker", "Ivanova", "Dubois"]
STREETS = ["Maple Ave", "Oak St", "Prairie Rd", "Cedar Ln", "Lakeshore Dr", "Elm St",
           "Willow Ct", "Main St", "Sunset Blvd", "Hickory Way", "Birch Pl", "Park Ave"]
SERVICES = [("Carpet cleaning, 3 rooms", "189.00"), ("Carpet cleaning, whole house", "329.00"),
            ("Upholstery: sofa and loveseat", "159.00"), ("Tile and grout, kitchen", "245.00"),
            ("Area rugs (2)", "120.00"), ("Pet odor treatment", "210.00"),
            ("Carpet cleaning, 5 rooms + hall", "279.00"), ("Stair carpet", "95.00")]

# Minutes between a job's window end and now for the scripted jobs on each truck, with what
# happened: (window end relative to now, arrival relative to window end or None, completed).
SCRIPT = [
    [(-300, -20, True), (-180, -5, True), (-35, None, False), (75, None, False),
     (195, None, False), (315, None, False)],                     # tier 1 live
    [(-320, -50, True), (-200, 12, True), (-70, None, False), (60, None, False),
     (180, None, False)],                                          # tier 2 live
    [(-280, -30, True), (-130, None, False), (10, None, False), (130, None, False),
     (250, None, False), (370, None, False)],                      # tier 3 live, at risk next
    [(-360, -10, True), (-240, 45, True), (-110, 75, False), (40, None, False),
     (160, None, False), (280, None, False), (400, None, False)],  # arrived late (tiers)
    [(-300, -70, True), (-170, -40, True), (-50, -25, False), (30, None, False),
     (150, None, False), (270, None, False)],                      # early + en route
    [(-260, -15, True), (-140, -2, False), (25, None, False), (145, None, False),
     (265, None, False)],                                          # long job -> at risk
    [(-330, -35, True), (-210, -10, True), (-90, 0, True), (35, None, False),
     (155, None, False), (275, None, False), (395, None, False)],
    [(-250, 140, True), (-120, -20, False), (50, None, False), (170, None, False),
     (290, None, False)],                                          # arrived tier 3
    [(-290, -5, True), (-170, 20, True), (-45, None, False), (80, None, False),
     (200, None, False), (320, None, False), (440, None, False)],
]


def desk_zone() -> str:
    """This computer's IANA zone, so the demo day sits in the viewer's own working hours."""
    import os
    from pathlib import Path

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(str(Path("/etc/localtime").resolve()).split("zoneinfo/", 1)[1])
    except (IndexError, OSError):
        pass
    try:  # Debian keeps the name here too (a copied, not linked, /etc/localtime)
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    for name in candidates:
        try:
            if name:
                zone(name)
                return name
        except Exception:
            continue
    return DEMO_FALLBACK_TZ


def _window_for(end: dt.datetime, tz: str):
    start = (end - dt.timedelta(hours=1)).astimezone(zone(tz))
    return start.date(), start.time().replace(second=0, microsecond=0), start.fold


def create_demo(path: str, now: dt.datetime, seed: int = 7, tz: str | None = None) -> str:
    """Write a demo database at ``path`` (which must not exist); returns the owner's name."""
    rng = random.Random(seed)
    tz = tz or desk_zone()
    store.create_db(path, company="Prairie Carpet Care", tz=tz, owner=DEMO_OWNER,
                    password=DEMO_PASSWORD, now=now - dt.timedelta(days=3))
    with write_tx():  # one commit (one sync to disk) for the whole demo day
        _fill(now, tz, rng)
    return DEMO_OWNER


def _fill(now: dt.datetime, tz: str, rng: random.Random) -> None:
    from models.company import set_setting

    set_setting("office_phone", "(312) 555-0142")
    set_setting("address", "1200 W Fulton St, Chicago, IL 60607")
    actor = Actor(DEMO_OWNER, "owner")
    booked = now - dt.timedelta(days=2)
    # Align windows to the quarter hour so the board reads like a real schedule.
    base = now.replace(second=0, microsecond=0)
    base -= dt.timedelta(minutes=base.minute % 15)
    job_ids: dict[tuple[int, int], int] = {}
    for t, (name, crew, color) in enumerate(CREWS):
        truck_id = people.add_truck(name, crew, color, actor, booked)
        for i, (end_offset, _arr, _done) in enumerate(SCRIPT[t]):
            end = base + dt.timedelta(minutes=end_offset + 15 * (t % 2))
            day, start, fold = _window_for(end, tz)
            service, price = rng.choice(SERVICES)
            with write_tx():
                customer = people.add_customer(
                    f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    f"(312) 555-{rng.randint(1000, 9999)}",
                    f"{rng.randint(100, 9899)} {rng.choice(STREETS)}, Chicago, IL "
                    f"606{rng.randint(10, 57)}", "", actor, booked)
            notes = rng.choice(["", "", "Gate code 4412", "Large dog, friendly",
                                "Park in the alley", "Call 15 minutes ahead"])
            draft = jobs.JobDraft(customer.id, truck_id, day, start, fold, service, price,
                                  rng.choice([60, 90, 90, 120]), notes, f"DEMO-{t + 1}-{i + 1}")
            job_ids[(t, i)] = jobs.book(draft, actor, booked).job_id
    _play_the_day(job_ids, actor, now, tz)
    from models.demo_week import add_days_ahead

    add_days_ahead(now, tz, rng, actor, SERVICES)  # the week view and the tray have content


def _play_the_day(job_ids, actor: Actor, now: dt.datetime, tz: str) -> None:
    from models.schema import Customer, Job

    for (t, i), job_id in job_ids.items():
        _end, arrival, done = SCRIPT[t][i]
        job = Job.get_by_id(job_id)
        if arrival is None:
            continue
        at = job.window_end_utc + dt.timedelta(minutes=arrival)
        if at > now:
            continue
        stamps.en_route(job_id, at - dt.timedelta(minutes=25), actor, now, "demo history")
        stamps.arrive(job_id, at, actor, now, "demo history")
        if done:
            finish = min(at + dt.timedelta(minutes=job.duration_minutes), now)
            stamps.complete(job_id, finish, actor, now, "demo history")
    # Trucks 5 and 6 have left for their next job.
    for t in (4, 5):
        stamps.en_route(job_ids[(t, 3 if t == 4 else 2)], now - dt.timedelta(minutes=5), actor,
                        now)
    evaluate(now)
    # A company reschedule (the new job is free) and a customer reschedule, later today.
    for (t, i), by in (((6, 4), "company"), ((8, 5), "customer")):
        job = Job.get_by_id(job_ids[(t, i)])
        later = job.window_end_utc + dt.timedelta(minutes=120)
        day, start, fold = _window_for(later, tz)
        jobs.reschedule(job.id, day, start, fold, by, actor, now,
                        reason="demo: " + ("truck broke down" if by == "company"
                                           else "customer asked"))
    # A customer still waiting for a perfect visit after last month's complaint.
    first_future = Job.get_by_id(job_ids[(1, 3)])
    Customer.update(make_next_visit_perfect=True).where(
        Customer.id == first_future.customer_id).execute()
