"""Three years of office history (20 trucks, ~150,000 jobs) for the board's scale benchmarks.

Rows go straight into the tables with plain executemany in one transaction (journal off,
synchronous off); files are cached under the temp folder, so only the first run pays.

Two files come out of one generation:
- ``raw``: the history as imported, never swept (``live_swept_until`` unset). The first
  guarantee sweep on it has to look at every unstamped past job of three years.
- ``office``: the same history after the desktop last ran, the evening before ``NOW``: the
  guarantee has acted on everything due by then and ``live_swept_until`` is set, as in any
  file an office has been using. Cold-start figures use this one.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
from pathlib import Path

from tests.benchmarks.history_rows import FMT, HistoryRows, bench_folder, local_hour_utc

VERSION = 2
TZ = "America/Chicago"
FIRST_DAY = dt.date(2024, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)  # bookings run five weeks ahead of today
NOW = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.timezone.utc)  # noon in Chicago
LAST_RUN = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)  # 20:00 the evening before
_NOW = NOW.replace(tzinfo=None)
TRUCKS = 20
CUSTOMERS = 9_000
TARGET_JOBS = 150_000
FAULTS = ["company"] * 90 + ["customer"] * 5 + ["third_party"] * 2 + ["no_one"] * 2 + ["shared"]
PASSWORD = "owner-pass"


def cached_history(kind: str = "office") -> Path:
    """The cached ``raw`` or ``office`` file (see the module text), generated once."""
    folder = bench_folder()
    raw = folder / f"board-history-v{VERSION}-raw.sqlite3"
    if not raw.exists():
        part = folder / f"board-history-v{VERSION}.{os.getpid()}.part"
        generate(part)
        part.replace(raw)
        Path(f"{part}-writer.lock").unlink(missing_ok=True)
    if kind == "raw":
        return raw
    office = folder / f"board-history-v{VERSION}-office.sqlite3"
    if not office.exists():
        part = folder / f"board-history-v{VERSION}-office.{os.getpid()}.part"
        shutil.copyfile(raw, part)
        _last_run(part)
        part.replace(office)
        Path(f"{part}-writer.lock").unlink(missing_ok=True)
    return office


def working_copy(kind: str, folder: Path) -> Path:
    """A private copy to open (starting the board writes: the sweep, its setting)."""
    target = folder / f"history-{kind}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(cached_history(kind), target)
    return target


def _last_run(path: Path) -> None:
    """What the desktop did when it last ran: the guarantee swept up to last evening."""
    from models import store
    from models.services.guarantee import evaluate

    store.open_db(str(path))
    evaluate(LAST_RUN)
    store.db.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def generate(path: Path) -> None:
    from models import store
    from models.reports.indexes import ensure_indexes

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store.create_db(str(path), company="Prairie Carpet Care", tz=TZ, owner="owner",
                    password=PASSWORD, now=dt.datetime(2023, 12, 1, tzinfo=dt.timezone.utc))
    store.close()
    con = sqlite3.connect(str(path), isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-200000")
    con.execute("BEGIN")
    _fill(con, random.Random(20261123))
    con.execute("COMMIT")
    ensure_indexes(con)
    con.execute("ANALYZE")
    con.execute("PRAGMA journal_mode=WAL")
    con.close()


def _fill(con: sqlite3.Connection, rnd: random.Random) -> None:
    colors = ("#3b82f6", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6")
    con.executemany("INSERT INTO truck (id, name, crew, color, active) VALUES (?,?,?,?,1)",
                    [(t, f"Truck {t:02d}", f"Crew {t}", colors[t % 5])
                     for t in range(1, TRUCKS + 1)])
    con.executemany(
        "INSERT INTO customer (id, name, phone, phone_digits, address, notes, "
        "make_next_visit_perfect, decline_next_booking, decline_reason) "
        "VALUES (?,?,?,?,?,'',?,0,'')",
        [(c, f"Customer {c}", f"555-{c:05d}", f"555{c:05d}", f"{c} Elm St",
          1 if c % 97 == 0 else 0) for c in range(1, CUSTOMERS + 1)])
    days = (LAST_DAY - FIRST_DAY).days + 1
    per_truck_day = TARGET_JOBS / (days * TRUCKS)
    g = _Gen(con, rnd)
    day = FIRST_DAY
    while day <= LAST_DAY:
        for truck in range(1, TRUCKS + 1):
            count = int(per_truck_day) + (rnd.random() < per_truck_day % 1)
            for slot in range(count):
                g.job(day, truck, 7 + slot)
        day += dt.timedelta(days=1)
        if len(g.jobs) > 30_000:
            g.flush()
    g.flush()
    con.execute("UPDATE reward SET redeemed_on_id = (SELECT max(id) FROM job) "
                "WHERE redeemed_on_id > (SELECT max(id) FROM job)")


class _Gen(HistoryRows):
    STAMP_UID = "h"

    def job(self, day: dt.date, truck: int, hour: int, *, moved_from: int | None = None,
            by: str | None = None) -> None:
        rnd = self.rnd
        self.job_id += 1
        jid = self.job_id
        start = local_hour_utc(day, hour, TZ, self.offsets)
        end = start + dt.timedelta(hours=1)
        price = rnd.choice((120, 150, 180, 240, 300))
        booked = min(start - dt.timedelta(days=rnd.randint(1, 20)), _NOW)
        free = 1 if by == "company" else 0
        status, closed, fault = "scheduled", None, "company"
        roll = rnd.random()
        past = end < _NOW
        if moved_from is None and roll < 0.010:
            status, closed = "cancelled", booked + dt.timedelta(hours=2)
        elif moved_from is None and roll < 0.018 and day + dt.timedelta(days=7) <= LAST_DAY \
                and start - dt.timedelta(hours=20) < _NOW:
            status, closed = "rescheduled", start - dt.timedelta(hours=20)
        elif past and rnd.random() > 0.003:  # a few past jobs were never stamped
            status = "completed"
        customer = rnd.randint(1, CUSTOMERS)
        minutes = 0
        if status == "completed":
            arrived = end + dt.timedelta(seconds=self._delta(),
                                         microseconds=rnd.randint(0, 999_999))
            if arrived + dt.timedelta(minutes=95) > _NOW:  # today: nothing stamped ahead of now
                status = "arrived" if arrived < _NOW else "scheduled"
            if arrived < _NOW:
                minutes = max(0, int((arrived - end).total_seconds() // 60))
                if minutes >= 1:
                    fault = rnd.choice(FAULTS)
                self._stamps(jid, arrived, status == "completed")
        self.jobs.append((jid, customer, truck, price, day.isoformat(), f"{hour:02d}:00", TZ,
                          start.strftime(FMT), end.strftime(FMT), status,
                          closed.strftime(FMT) if closed else None, moved_from, by, free, fault,
                          booked.strftime(FMT)))
        tier = 3 if minutes >= 121 else 2 if minutes >= 60 else 1 if minutes >= 30 else 0
        if tier:
            threshold = (30, 60, 121)[tier - 1]
            value = (25, 75, price + 100)[tier - 1]
            self._reward(jid, customer, "lateness", tier, minutes, value,
                         end + dt.timedelta(minutes=threshold), fault)
        if free:
            self._reward(jid, customer, "reschedule", None, None, price, booked, "company")
        if status == "rescheduled":
            by_whom = "company" if rnd.random() < 0.5 else "customer"
            later = day + dt.timedelta(days=rnd.randint(1, 7))
            self.job(later, rnd.randint(1, TRUCKS), rnd.randint(7, 16), moved_from=jid,
                     by=by_whom)

    def _delta(self) -> int:
        """Seconds after the window end: mostly early or on time, a realistic tail of late."""
        r = self.rnd.random()
        if r < 0.12:
            return -3600 - self.rnd.randint(60, 1800)
        if r < 0.78:
            return -self.rnd.randint(1, 3600)
        if r < 0.90:
            return self.rnd.randint(0, 29 * 60 + 59)
        if r < 0.95:
            return self.rnd.randint(30 * 60, 59 * 60 + 59)
        if r < 0.98:
            return self.rnd.randint(60 * 60, 120 * 60 + 59)
        return self.rnd.randint(121 * 60, 240 * 60)

    def _stamps(self, jid: int, arrived: dt.datetime, completed: bool) -> None:
        kinds = [("en_route", arrived - dt.timedelta(minutes=25)), ("arrival", arrived)]
        if completed:
            kinds.append(("completion", arrived + dt.timedelta(minutes=95)))
        for kind, at in kinds:
            if kind == "arrival" and self.rnd.random() < 0.01:  # a corrected stamp stays
                self.stamp_id += 1
                self.stamps.append((self.stamp_id, jid, kind,
                                    (at - dt.timedelta(minutes=7)).strftime(FMT), 0))
            self.stamp_id += 1
            self.stamps.append((self.stamp_id, jid, kind, at.strftime(FMT), 1))

    def _reward(self, jid, customer, kind, tier, minutes, value, earned, fault) -> None:
        rnd = self.rnd
        self.reward_id += 1
        recent = earned > _NOW - dt.timedelta(days=14)
        status = "void" if fault == "customer" else (  # the office hands rewards over
            rnd.choice(("proposed", "issued")) if recent else "issued")
        code = cert_status = expires = redeemed_on = None
        if tier == 3:
            code = f"HIST-{self.reward_id:08d}"
            expires = (earned + dt.timedelta(days=365)).strftime(FMT)
            cert_status = "void" if status == "void" else "unused"
            if status != "void" and not recent and rnd.random() < 0.3:
                cert_status, status, redeemed_on = "redeemed", "redeemed", jid + 400
        self.rewards.append((self.reward_id, jid, kind, tier, minutes, f"{value:.2f}", status,
                             earned.strftime(FMT), code, "100.00" if code else None, expires,
                             cert_status, redeemed_on))
        self._complaint(customer, jid, self.reward_id, fault, earned)

    def _complaint(self, customer, jid, reward, fault, opened) -> None:
        rnd = self.rnd
        self.complaint_id += 1
        cid = self.complaint_id
        response = opened + dt.timedelta(minutes=rnd.expovariate(1 / 25))
        old = opened < _NOW - dt.timedelta(days=30)
        resolved = opened + dt.timedelta(hours=rnd.randint(2, 96)) if old or rnd.random() < 0.5 \
            else None
        if resolved is not None and resolved > _NOW:
            resolved = None
        status = "closed" if old else ("resolved" if resolved else "open")
        outcome = rnd.choice(("great", "good", "bad")) if old else None
        closed = resolved + dt.timedelta(days=5) if old else None
        self.complaints.append((cid, customer, jid, reward, "auto", fault, status,
                                opened.strftime(FMT), response.strftime(FMT),
                                resolved.strftime(FMT) if resolved else None,
                                closed.strftime(FMT) if closed else None, outcome))
        for number in range(1, 11):
            done = old or number == 1
            self.steps.append((cid, number, 1 if done else 0,
                               response.strftime(FMT) if done else None))
        if resolved:
            due = resolved + dt.timedelta(days=3)
            done_at = due + dt.timedelta(hours=rnd.randint(1, 40)) if old else None
            self.follow_ups.append((cid, due.strftime(FMT),
                                    done_at.strftime(FMT) if done_at else None))
