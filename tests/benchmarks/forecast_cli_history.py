"""A ~150,000-job history with the forecasts' structure, for the forecast command's benchmark.

The days come from the forecast simulator (tests/benchmarks/forecast_sim.py: services off
their bookings, a slow crew, drives by ZIP distance and rush hour, crews waiting for their
windows), 20 trucks over about three years, every job arrived and completed; then one day
of 100 jobs (5 per truck) as the office sees it at noon: the morning stamped, the rest to
come. Rows go straight into the tables (executemany, one transaction, journal off), without
the trail's row triggers while filling (put back after); the file is cached under the
benchmark folder so only the first run pays.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from models.forecast.timeline import DayClock
from tests.benchmarks.forecast_sim import Truth, simulate
from tests.benchmarks.history_rows import FMT, bench_folder

VERSION = 2
TZ = "America/Chicago"
TRUCKS = 20
TARGET_JOBS = 150_000
FIRST_DAY = dt.date(2023, 10, 2)
PER_TRUCK_TODAY = 5
NOON = 12 * 60
PASSWORD = "owner-pass"


def cached_history() -> tuple[Path, dt.date, dt.datetime]:
    """(file, the benchmark day, noon of that day as UTC)."""
    folder = bench_folder()
    path = folder / f"forecast-cli-v{VERSION}.sqlite3"
    day_file = folder / f"forecast-cli-v{VERSION}.day"
    if not path.exists():
        part = folder / f"forecast-cli-v{VERSION}.{os.getpid()}.part"
        day = generate(part)
        day_file.write_text(day.isoformat())
        part.replace(path)
        Path(f"{part}-writer.lock").unlink(missing_ok=True)
    day = dt.date.fromisoformat(day_file.read_text())
    _keep_key(path)
    return path, day, DayClock(day, TZ).instant(NOON)


def _keep_key(path: Path) -> None:
    """The file's audit key, kept beside it: a later session (another key folder) can still
    write to a copy of the cached file."""
    from models import audit_key

    con = sqlite3.connect(str(path))
    try:
        (db_id,) = con.execute("SELECT value FROM setting WHERE key = ?",
                               (audit_key.DB_ID_KEY,)).fetchone()
    finally:
        con.close()
    kept = path.with_suffix(".key")
    key = audit_key.load_key(db_id)
    if key is not None and not kept.exists():
        kept.write_bytes(key)
    elif key is None and kept.exists():
        audit_key.store_key(db_id, kept.read_bytes())


def generate(path: Path) -> dt.date:
    from models import audit_rows, store
    from models.db import db, write_tx
    from models.reports.indexes import ensure_indexes

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store.create_db(str(path), company="Bench Carpet Care", tz=TZ, owner="owner",
                    password=PASSWORD, now=dt.datetime(2023, 9, 1, tzinfo=dt.timezone.utc))
    store.close()
    con = sqlite3.connect(str(path), isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    for model in audit_rows.COVERED:
        for name in ("ins", "upd", "del"):
            con.execute(f"DROP TRIGGER IF EXISTS audit_row_{model._meta.table_name}_{name}")
    con.execute("BEGIN")
    day = _fill(con)
    con.execute("COMMIT")
    ensure_indexes(con)
    con.execute("ANALYZE")
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    store.open_db(str(path))
    with write_tx(audit=False):
        audit_rows.install(db.obj)
    store.close()
    return day


class _Writer:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.jobs: list = []
        self.stamps: list = []
        self.customers: dict[str, int] = {}
        self.job_id = self.stamp_id = 0
        self.midnights: dict[dt.date, dt.datetime] = {}

    def at(self, day: dt.date, minutes: float) -> str:
        midnight = self.midnights.get(day)
        if midnight is None:
            midnight = self.midnights[day] = DayClock(day, TZ).midnight.replace(tzinfo=None)
        return (midnight + dt.timedelta(minutes=minutes)).strftime(FMT)

    def customer(self, zip_code: str) -> int:
        if zip_code not in self.customers:
            n = len(self.customers) + 1
            self.customers[zip_code] = n
            self.con.execute(
                "INSERT INTO customer (id, name, phone, phone_digits, address, notes, "
                "make_next_visit_perfect, decline_next_booking, decline_reason) "
                "VALUES (?,?,?,?,?,'',0,0,'')",
                (n, f"Customer {n}", f"555-{n:04d}", f"555{n:04d}",
                 f"{n} Main St, Chicago IL {zip_code}"))
        return self.customers[zip_code]

    def job(self, truck: int, day: dt.date, sim, arrived, completed) -> None:
        self.job_id += 1
        j = sim.job
        start = int(j.window_start)
        status = "completed" if completed is not None else (
            "arrived" if arrived is not None else "scheduled")
        self.jobs.append((
            self.job_id, self.customer(j.zip), truck, j.service, f"{j.price:.2f}",
            int(j.booked_minutes), day.isoformat(), f"{start // 60:02d}:{start % 60:02d}", TZ,
            self.at(day, j.window_start), self.at(day, j.window_end), status,
            self.at(day - dt.timedelta(days=3), 600)))
        for kind, minutes in (("arrival", arrived), ("completion", completed)):
            if minutes is not None:
                self.stamp_id += 1
                self.stamps.append((self.stamp_id, self.job_id, kind, self.at(day, minutes)))

    def flush(self) -> None:
        self.con.executemany(
            "INSERT INTO job (id, customer_id, truck_id, service, price, duration_minutes, "
            "notes, local_date, local_start, fold, tz, window_minutes, window_start_utc, "
            "window_end_utc, status, cancel_reason, free, fault, fault_reason, booked_at, "
            "version) VALUES (?,?,?,?,?,?,'',?,?,0,?,60,?,?,?,'',0,'company','',?,1)", self.jobs)
        self.con.executemany(
            "INSERT INTO stamp (id, job_id, kind, at, by, recorded_at, client_uid, active, "
            "reason) VALUES (?1,?2,?3,?4,'dispatch',?4,'f' || ?1,1,'')", self.stamps)
        self.jobs, self.stamps = [], []


def _fill(con: sqlite3.Connection) -> dt.date:
    truth = Truth.make(n_trucks=TRUCKS, seed=11)
    crews = list(truth.crews)
    con.executemany("INSERT INTO truck (id, name, crew, color, active) VALUES (?,?,?,'#3b82f6',1)",
                    [(i + 1, crew, crew) for i, crew in enumerate(crews)])
    w = _Writer(con)
    days = simulate(truth, TARGET_JOBS // (TRUCKS * 4) + 2, seed=11)  # more than enough
    day_index = None
    for i, sim_day in enumerate(days):
        if w.job_id >= TARGET_JOBS and i % TRUCKS == 0:
            day_index = i // TRUCKS
            break
        day = FIRST_DAY + dt.timedelta(days=i // TRUCKS)
        for s in sim_day.jobs:
            if s.job.window_start > 19 * 60 or s.completed > 23 * 60:
                break
            w.job(crews.index(sim_day.crew) + 1, day, s, s.arrived, s.completed)
        if len(w.jobs) > 20_000:
            w.flush()
    assert day_index is not None, "the simulated days did not reach the target"
    today = FIRST_DAY + dt.timedelta(days=day_index)
    trucks_today = days[day_index * TRUCKS:(day_index + 1) * TRUCKS]
    # 5 jobs a truck; a truck with 4 leaves its fifth to one with 6 (exactly 100 in all)
    take = [min(len(d.jobs), PER_TRUCK_TODAY) for d in trucks_today]
    for k, d in enumerate(trucks_today):
        if sum(take) < TRUCKS * PER_TRUCK_TODAY and len(d.jobs) > take[k]:
            take[k] += 1
    for sim_day, count in zip(trucks_today, take):
        for s in sim_day.jobs[:count]:
            arrived = s.arrived if s.arrived <= NOON else None
            completed = s.completed if s.completed <= NOON else None
            w.job(crews.index(sim_day.crew) + 1, today, s, arrived, completed)
    w.flush()
    return today
