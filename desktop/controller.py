"""The board's controller: calls the services for each user intent and reloads the day.

Signals:
    day_loaded(list, list): trucks and the day's jobs, after every reload.
    events_raised(list): GuaranteeEvent messages the office must hear about.
    failed(str): a refusal or problem, in words fit for the user.
    changed_here(): this desktop saved a change (views other than the board re-read).
    events_withdrawn(list): messages announced earlier that an undo took back.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

import peewee
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from models.company import company
from models.db import reconnect, write_tx
from models.errors import DomainError
from models.queries.customers import TruckRow, trucks
from models.queries.day import DayJob, day_jobs
from models.queries.search import find_jobs
from models.services import guarantee, jobs, people, stamps
from models.services.actor import Actor
from models.services.guarantee import GuaranteeEvent

log = logging.getLogger(__name__)
OFFLINE = ("The database server cannot be reached, so nothing can be changed right now. "
           "The board shows what it last knew and reconnects by itself.")


def _saved_by(client_uid: str) -> bool:
    """Whether a stamp with this client-made id exists (a retry found the first attempt)."""
    from models.schema import Stamp

    return Stamp.select().where(Stamp.client_uid == client_uid).exists()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or ["no answer"])[0]


class BoardController(QObject):
    day_loaded = Signal(list, list)
    events_raised = Signal(list)
    failed = Signal(str)
    changed_here = Signal()
    events_withdrawn = Signal(list)

    def __init__(self, actor: Actor, clock: Callable[[], dt.datetime], parent=None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.clock = clock
        info = company()
        self.company_name, self.tz, self.currency = info.name, info.tz, info.currency
        self.day = self.today()
        self.trucks: list[TruckRow] = []
        self.rows: list[DayJob] = []
        self.undo_stack = QUndoStack(self)
        self.offline = False  # the shared server is unreachable: refuse changes, keep showing
        self._forecasts: dict | None = None  # job id -> learned forecast, until the next reload

    # -- reading ---------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return self.clock().astimezone(dt.timezone.utc)

    def today(self) -> dt.date:
        return self.now().astimezone(ZoneInfo(self.tz)).date()

    def set_day(self, day: dt.date) -> None:
        self.day = day
        self.reload()

    def forecast(self, job_id: int):
        """The learned forecast of a job still to arrive (models.forecast_db.day.Forecast), or
        None; worked out with the day at each reload, never while painting."""
        return (self._forecasts or {}).get(job_id)

    def reload(self, truck_ids: list[int] | None = None) -> None:
        """Re-read the day; with ``truck_ids`` only those trucks' jobs (a truck's jobs
        depend only on each other: predictions run along one truck's route)."""
        if truck_ids is None or not self.trucks or None in truck_ids:  # None: the tray
            self.trucks = trucks()
            self.rows, self._forecasts = self._learned(day_jobs(self.day, self.now()), {})
        else:
            kept_ids = {r.job_id for r in self.rows if r.truck_id not in set(truck_ids)}
            fresh, self._forecasts = self._learned(
                day_jobs(self.day, self.now(), truck_ids),
                {k: f for k, f in (self._forecasts or {}).items() if k in kept_ids})
            kept = [r for r in self.rows if r.truck_id not in set(truck_ids)]
            order = {t.truck_id: i for i, t in enumerate(self.trucks)}
            self.rows = sorted(kept + fresh, key=lambda r: (order.get(r.truck_id, -1),
                                                             r.window_start, r.job_id))
        self.day_loaded.emit(self.trucks, self.rows)

    def _learned(self, rows: list[DayJob], kept: dict) -> tuple[list[DayJob], dict]:
        """``rows`` with the learned forecast's arrival, band and risk (see
        models.forecast_db.board), and the forecasts with ``kept``; the fixed rule when
        none can be made."""
        if self.offline:
            return rows, kept
        from models.forecast_db.board import board_day

        try:
            shown, found = board_day(self.day, self.now(), rows, self.today())
        except (DomainError, peewee.OperationalError, peewee.InterfaceError) as exc:
            log.warning("no learned forecast, the fixed rule shows: %s", exc)
            return rows, kept
        return shown, {**kept, **found}

    def find_elsewhere(self, text: str) -> list[DayJob]:
        """Jobs on other days that ``text`` names (see queries.search); none while offline
        or when the database cannot be read this moment: the shown day's hits still show."""
        if self.offline:
            return []
        try:
            return find_jobs(text, self.day, self.now())
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            log.warning("search of other days skipped: %s", exc)
            return []

    def job(self, job_id: int) -> DayJob | None:
        return next((j for j in self.rows if j.job_id == job_id), None)

    def truck(self, truck_id: int) -> TruckRow | None:
        return next((t for t in self.trucks if t.truck_id == truck_id), None)

    def sweep(self) -> list[GuaranteeEvent]:
        """Let the guarantee act on whatever fell due, then redraw.

        Runs by itself every few seconds, so trouble here is logged, not shown in a dialog:
        the next sweep (or the connection banner) takes over.
        """
        if self.offline:
            return []
        try:
            events = guarantee.evaluate(self.now())
            self._announce(events)
            self.reload()
            if events:
                self.changed_here.emit()
        except Exception as exc:  # locked, gone, or a bug: never a dialog every 15 seconds
            log.warning("sweep skipped: %s", exc, exc_info=not isinstance(exc, DomainError))
            return []
        return events

    # -- acting (each returns True when the change was saved) -------------------------------
    def _call(self, fn, *args, **kwargs):
        import peewee

        if self.offline and fn is not guarantee.evaluate:
            self.failed.emit(OFFLINE)
            return None
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            self.failed.emit(str(exc))
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            log.warning("database unavailable: %s", exc)
            self.failed.emit(f"The database cannot be used right now ({_first_line(exc)}); "
                             "nothing was saved. Try again in a moment.")
        except Exception as exc:  # a bug or the environment: say so, keep the traceback
            log.exception("unexpected failure in %s", getattr(fn, "__name__", fn))
            self.failed.emit(f"Something went wrong and nothing was saved: {exc}")
        return None

    def _announce(self, events: list[GuaranteeEvent]) -> list[str]:
        messages = [e.message(self.currency) for e in events]
        if messages:
            self.events_raised.emit(messages)
        return messages

    def withdraw(self, messages: list[str]) -> None:
        if messages:
            self.events_withdrawn.emit(list(messages))

    def _done(self, result, job_id: int | None = None) -> bool:
        if result is None:
            return False
        self._announce(getattr(result, "events", None) or [])
        job = self.job(job_id) if job_id else None
        self._reread([job.truck_id] if job is not None else None)
        self.changed_here.emit()
        return True

    def _rows_of(self, job_ids: list[int]):
        """The rows an action may touch, read before and after it for a faithful undo;
        None when they cannot be read (the action then simply has no undo)."""
        from models.services import take_back

        try:
            return take_back.rows_of(job_ids)
        except Exception as exc:  # the action itself reports a dead connection
            log.warning("rows for undo not read: %s", exc)
            return None

    def _push(self, text: str, before, job_ids: list[int], again, events) -> None:
        from desktop.undo import TakeBackCommand

        after = self._rows_of(job_ids)
        if before is None or after is None:
            return
        messages = [e.message(self.currency) for e in events or []]
        self.undo_stack.push(TakeBackCommand(self, text, before, after, again, messages))

    def _reread(self, truck_ids: list[int] | None) -> None:
        """Show a saved change; a connection that dropped just after the save is opened
        again once (the change is in the database either way; the live link re-reads too)."""
        import peewee

        try:
            self.reload(truck_ids)
            return
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            log.warning("re-reading the board failed (%s); connecting again", exc)
        try:
            reconnect()
            self.reload(truck_ids)
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            log.warning("board not re-read: %s", exc)

    def arrive(self, job_id: int, at: dt.datetime | None = None, reason: str = "") -> bool:
        return self._stamp(stamps.arrive, "arrival", job_id, at, reason)

    def _stamp(self, service, kind: str, job_id: int, at: dt.datetime | None,
               reason: str) -> bool:
        """One key press: a client-made id goes with the stamp, so when the connection drops
        under it the stamp is sent once more with the same id and saved exactly once,
        whether or not the first attempt reached the database."""
        import uuid

        import peewee

        now = self.now()
        before = self._rows_of([job_id])
        at = at or now
        uid = uuid.uuid4().hex
        args = (job_id, at, self.actor, now, reason)
        dropped: list[Exception] = []

        def first_attempt(*a, **k):
            try:
                return service(*a, **k)
            except (peewee.OperationalError, peewee.InterfaceError) as exc:
                dropped.append(exc)
                return None

        result = self._call(first_attempt, *args, client_uid=uid)
        if dropped:
            log.warning("stamp interrupted (%s); sending it again", dropped[0])
            try:
                reconnect()
            except Exception as again:  # still gone: the second attempt says so
                log.warning("reconnect failed: %s", again)
            result = self._call(service, *args, client_uid=uid)
        landed = result is not None and result.changed
        if result is not None and not landed and dropped and _saved_by(uid):
            log.warning("the interrupted stamp had been saved; sent again, it was found")
            landed = True
        if landed:
            job = self.job(job_id)
            who = job.customer if job else f"job {job_id}"

            def again(when, service=service):
                done = service(job_id, at, self.actor, when, "redo")
                return done.events, [job_id]
            self._push(f"{kind.replace('_', ' ')} of {who}", before, [job_id], again,
                       getattr(result, "events", None))
        return self._done(result, job_id)

    def en_route(self, job_id: int, at: dt.datetime | None = None, reason: str = "") -> bool:
        return self._stamp(stamps.en_route, "on the way", job_id, at, reason)

    def complete(self, job_id: int, at: dt.datetime | None = None, reason: str = "") -> bool:
        return self._stamp(stamps.complete, "completion", job_id, at, reason)

    def assign(self, job_id: int, truck_id: int) -> bool:
        job, truck = self.job(job_id), self.truck(truck_id)
        if job is None or truck is None:
            return False
        before = self._rows_of([job_id])
        saved = self._call(lambda: jobs.assign(job_id, truck.name, self.actor, self.now())
                           or True)
        if saved:
            def again(when):
                jobs.assign(job_id, truck.name, self.actor, when)
                return [], [job_id]
            self._push(f"move to {truck.name}", before, [job_id], again, [])
            self.changed_here.emit()
        self.reload()
        return bool(saved)

    def reschedule(self, job_id: int, start_utc: dt.datetime, by_whom: str,
                   truck_id: int | None = None) -> int | None:
        """Move the window; returns the new job's id."""
        local = start_utc.astimezone(ZoneInfo(self.tz))
        truck = self.truck(truck_id) if truck_id else None
        before = self._rows_of([job_id])

        def move(when, reason):
            return jobs.reschedule(job_id, local.date(), local.time().replace(
                second=0, microsecond=0), local.fold, by_whom, self.actor, when,
                truck.name if truck else None, reason=reason)
        result = self._call(move, self.now(), f"moved on the board ({by_whom} asked)")
        if result is None:
            return None

        def again(when):
            booked = move(when, "redo")
            return booked.events, [job_id, booked.job_id]
        self._push(f"reschedule ({by_whom})", before, [job_id, result.job_id], again,
                   result.events)
        self._done(result)
        return result.job_id

    def set_fault(self, job_id: int, fault: str, reason: str) -> bool:
        events = self._call(jobs.set_fault, job_id, fault, reason, self.actor, self.now())
        if events is None:
            return False
        self._announce(events)
        self.reload()
        self.changed_here.emit()
        return True

    def edit(self, job_id: int, version: int, changes: dict) -> None:
        """Raises DomainError (incl. ConflictError) so the dialog can show it inline."""
        jobs.edit(job_id, version, changes, self.actor, self.now())
        self.reload()
        self.changed_here.emit()

    def book(self, draft: jobs.JobDraft, confirmed_decline: bool = False,
             new_customer: tuple[str, str, str] | None = None) -> jobs.Booked:
        """Book (with a new customer when given, both saved or neither); raises DomainError
        so the dialog can show it inline."""
        now = self.now()
        with write_tx():
            if new_customer is not None:
                name, phone, address = new_customer
                draft.customer_id = people.add_customer(name, phone, address, "", self.actor,
                                                        now).id
            booked = jobs.book(draft, self.actor, now, confirmed_decline=confirmed_decline)
        self.reload()
        self.changed_here.emit()
        return booked
