"""What the two generated benchmark histories share: where they are cached, local hours as
UTC, and the rows collected then written to the tables in big executemany batches.

The histories differ on purpose (the board's is placed around now with today half done;
the statistics' one is a fixed three years with a realistic lateness mix), so each keeps
its own generator and subclasses ``HistoryRows`` for the writing.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

FMT = "%Y-%m-%d %H:%M:%S.%f"


def bench_folder() -> Path:
    folder = Path(os.environ.get("ONTIME_BENCH_DIR",
                                 Path(tempfile.gettempdir()) / "ontime-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def local_hour_utc(day: dt.date, hour: int, tz: str, offsets: dict) -> dt.datetime:
    """``hour``:00 local time on ``day`` as naive UTC (each day's offset looked up once)."""
    off = offsets.get(day)
    if off is None:
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(tz))
        off = offsets[day] = noon.utcoffset()
    return dt.datetime.combine(day, dt.time(hour)) - off


class HistoryRows:
    """Rows collected by a generator and written by ``flush``.

    Subclasses set STAMP_UID (the client ids' prefix) and STEP_DATA (the SQL of a complaint
    step's answers: a constant, or ``?5`` when the step rows carry them)."""

    STAMP_UID = "h"
    STEP_DATA = "'{}'"

    def __init__(self, con: sqlite3.Connection, rnd: random.Random) -> None:
        self.con, self.rnd = con, rnd
        self.jobs: list = []
        self.stamps: list = []
        self.rewards: list = []
        self.complaints: list = []
        self.steps: list = []
        self.follow_ups: list = []
        self.offsets: dict = {}
        self.job_id = self.stamp_id = self.reward_id = self.complaint_id = 0

    def flush(self) -> None:
        c = self.con
        c.executemany(
            "INSERT INTO job (id, customer_id, truck_id, service, price, duration_minutes, notes, "
            "local_date, local_start, fold, tz, window_minutes, window_start_utc, window_end_utc,"
            " status, cancel_reason, closed_at, rescheduled_from_id, rescheduled_by, free, fault,"
            " fault_reason, booked_at, version) VALUES (?,?,?,'Carpet cleaning',?,90,'',?,?,0,?,"
            "60,?,?,?,'',?,?,?,?,?,'',?,1)", self.jobs)
        c.executemany(
            "INSERT INTO stamp (id, job_id, kind, at, by, recorded_at, client_uid, active, "
            f"reason) VALUES (?1,?2,?3,?4,'dispatch',?4,'{self.STAMP_UID}' || ?1,?5,'')",
            self.stamps)
        c.executemany(
            "INSERT INTO reward (id, job_id, kind, tier, minutes_late, wording, value, status, "
            "void_reason, voided_by_person, earned_at, created_at, certificate_code, "
            "certificate_value, certificate_expires_at, certificate_status, redeemed_on_id, "
            "redeemed_at) VALUES (?1,?2,?3,?4,?5,'Reward',?6,?7,'',0,?8,?8,?9,?10,?11,?12,?13,"
            "CASE WHEN ?13 IS NULL THEN NULL ELSE ?8 END)", self.rewards)
        c.executemany(
            "INSERT INTO complaint (id, customer_id, job_id, reward_id, source, fault, words, "
            "status, owner, opened_at, first_response_at, resolved_at, closed_at, outcome, "
            "hold_note, worked_on) VALUES (?,?,?,?,?,?,'',?,'dana',?,?,?,?,?,'',1)",
            self.complaints)
        c.executemany(
            "INSERT INTO complaint_step (complaint_id, number, done, done_by, done_at, data) "
            f"VALUES (?1,?2,?3,CASE WHEN ?3 THEN 'dana' END,?4,{self.STEP_DATA})", self.steps)
        c.executemany("INSERT INTO follow_up (complaint_id, due_at, done_at, done_by, note) "
                      "VALUES (?1,?2,?3,CASE WHEN ?3 IS NOT NULL THEN 'dana' END,'')",
                      self.follow_ups)
        for rows in (self.jobs, self.stamps, self.rewards, self.complaints, self.steps,
                     self.follow_ups):
            rows.clear()
