"""Every dialog field given the naughty strings: no crash; a refusal is inline and saves nothing.

One text field per dialog gets every string of tests/data/blns.txt; the other fields get a
fixed sample of 100 (every k-th string), so the whole file runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QPlainTextEdit

from desktop.dialogs.jobs import FaultDialog, JobEditDialog, StampTimeDialog
from desktop.dialogs.new_job import NewJobDialog
from desktop.dialogs.setup import SetupDialog
from desktop.dialogs.signin import SignInDialog
from desktop.recovery.open_dialog import OpenComplaintDialog
from models.queries.day import day_jobs
from models.schema import AuditEntry, Complaint, Customer, Job, Reward, Stamp
from models.services import jobs, stamps
from tests.conftest import PASSWORD
from tests.desktop.conftest import DAY

BLNS = Path(__file__).resolve().parent.parent / "data" / "blns.txt"
STRINGS = [line for line in BLNS.read_text(encoding="utf-8").split("\n")
           if line and not line.startswith("#")]
SAMPLE = STRINGS[::max(1, len(STRINGS) // 100)][:100]
SMALL = STRINGS[::max(1, len(STRINGS) // 15)][:15]  # for dialogs that create a database
TABLES = (Job, Customer, Stamp, Reward, Complaint, AuditEntry)


def counts() -> dict[str, int]:
    """Rows per table; of the trail, the entries for what was done (each row a change
    touches also gets a snapshot entry, counted by the coverage tests instead)."""
    out = {t.__name__: t.select().count() for t in TABLES}
    out["AuditEntry"] = AuditEntry.select().where(
        AuditEntry.action.not_in(("row", "row-gone"))).count()
    return out


def grew(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: after[k] - before[k] for k in after if after[k] != before[k]}


def put(widget, text: str) -> str:
    """Set the field as a paste would; returns what the field now holds."""
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        widget.setCurrentText(text)
        return widget.currentText()
    widget.setText(text)
    return widget.text()


def inline_error(dialog) -> str:
    label = dialog.findChild(QLabel, "inlineError")
    return label.text() if not label.isHidden() else ""


def accepted(dialog) -> bool:
    return dialog.result() == QDialog.Accepted


def refused_cleanly(dialog, before: dict[str, int], why: str) -> None:
    assert not accepted(dialog), why
    assert inline_error(dialog), f"refused without a message: {why}"
    assert counts() == before, f"a refusal saved something: {why}"


def day_job(job_id: int, now: dt.datetime):
    return next(j for j in day_jobs(DAY, now) if j.job_id == job_id)


def test_job_edit_dialog(qtbot, day_jobs_ids, owner, now):
    job_id = day_jobs_ids["ana"]

    def save(jid, version, changes):
        jobs.edit(jid, version, changes, owner, now)

    refusals = {"service": 0, "notes": 0, "price": 0}
    for field, strings in (("service", STRINGS), ("notes", SAMPLE), ("price", SAMPLE)):
        job = day_job(job_id, now)
        for text in strings:
            before = counts()
            dialog = JobEditDialog(job, save)
            typed = put(getattr(dialog, field), text).strip()
            old = getattr(job, field)
            dialog.accept()
            if not accepted(dialog):
                refused_cleanly(dialog, before, f"{field}={text!r}")
                assert getattr(day_job(job_id, now), field) == old
                refusals[field] += 1
            else:
                job = day_job(job_id, now)
                if field == "price":
                    assert Decimal(job.price) == jobs.parse_price(typed), repr(text)
                else:
                    assert getattr(job, field) == typed, f"{field}={text!r}"
                expected = {} if typed == old else {"AuditEntry": 1}
                assert grew(before, counts()) == expected, f"{field}={text!r}"
            dialog.deleteLater()
    # free text is kept as typed (a service over 200 characters is refused, on every
    # database alike); a price that is not an amount is refused, never stored
    too_long = sum(len(text.strip()) > 200 for text in STRINGS)
    assert refusals["service"] == too_long and refusals["notes"] == 0
    assert 0 < refusals["price"] < 100


def test_stamp_time_dialog_reason(qtbot, day_jobs_ids, owner, now):
    job_id = day_jobs_ids["ana"]
    job = day_job(job_id, now)
    through_service = set(SAMPLE)
    for text in STRINGS:
        before = counts()
        dialog = StampTimeDialog(job, "arrival", "America/Chicago", now)
        dialog.time.setTime(QTime(11, 30))  # more than 10 minutes ago: a reason is needed
        typed = put(dialog.reason, text).strip()
        dialog.accept()
        if not typed:
            refused_cleanly(dialog, before, repr(text))
            continue
        assert accepted(dialog) and dialog.at is not None and counts() == before
        if text not in through_service:
            continue
        stamps.arrive(job_id, dialog.at, owner, now, typed)  # what the action does next
        changed = grew(before, counts())
        assert changed.pop("Stamp") == 1 and set(changed) == {"AuditEntry"}, repr(text)
        stamp = Stamp.select().order_by(Stamp.id.desc()).first()
        assert stamp.reason == typed
        stamps.unstamp(job_id, "fuzz: take it back", owner, now)
        dialog.deleteLater()


def test_fault_dialog_reason(qtbot, day_jobs_ids, owner, now):
    job_id = day_jobs_ids["ben"]
    later = now + dt.timedelta(minutes=30)  # Ben's 11:00 crew has not arrived: late by then
    job = day_job(job_id, later)
    through_service = set(SAMPLE)
    for text in STRINGS:
        before = counts()
        dialog = FaultDialog(job)
        other = "no_one" if Job.get_by_id(job_id).fault == "company" else "company"
        dialog.fault.setCurrentIndex(dialog.fault.findData(other))  # so each save writes
        typed = put(dialog.reason, text).strip()
        dialog.accept()
        if not typed:
            refused_cleanly(dialog, before, repr(text))
            continue
        assert accepted(dialog) and dialog.value()[1] == typed
        if text in through_service:
            fault, reason = dialog.value()
            jobs.set_fault(job_id, fault, reason, owner, later)
            changed = grew(before, counts())
            assert changed.get("AuditEntry", 0) >= 1, repr(text)
            assert set(changed) <= {"AuditEntry", "Reward", "Complaint"}, repr(text)
            saved = Job.get_by_id(job_id)
            assert (saved.fault, saved.fault_reason) == (fault, typed), repr(text)
        dialog.deleteLater()


@pytest.mark.parametrize("field", ["new_name", "new_phone", "new_address", "service",
                                   "price", "notes", "search"])
def test_new_job_dialog(qtbot, day_jobs_ids, owner, now, field):
    from desktop.controller import BoardController

    controller = BoardController(owner, lambda: now)
    controller.reload()
    strings = STRINGS if field == "new_name" else SAMPLE
    for n, text in enumerate(strings):
        before = counts()
        dialog = NewJobDialog(controller, controller.trucks, DAY + dt.timedelta(days=n + 1))
        if field != "search":
            dialog.new_box.setChecked(True)
            dialog.new_name.setText("Fuzz Customer")
            dialog.service.setText("Carpet cleaning")
            dialog.price.setText("120.00")  # 0.00 asks first (a free job is often a slip)
        typed = put(getattr(dialog, field), text).strip()
        dialog.accept()
        if not accepted(dialog):
            refused_cleanly(dialog, before, f"{field}={text!r}")
            assert dialog.booked_id is None
            continue
        job = Job.get_by_id(dialog.booked_id)
        new_customer = dialog.new_box.isChecked()
        assert grew(before, counts()) == ({"Job": 1, "Customer": 1, "AuditEntry": 2}
                                          if new_customer else {"Job": 1, "AuditEntry": 1})
        if field == "price":
            assert job.price == jobs.parse_price(typed), repr(text)
        elif field in ("service", "notes"):
            assert getattr(job, field) == typed, f"{field}={text!r}"
        elif field == "new_name":
            assert Customer.get_by_id(job.customer_id).name == typed, repr(text)
        dialog.deleteLater()


def test_open_complaint_dialog(qtbot, day_jobs_ids, owner, now):
    for field, strings in (("words", STRINGS), ("search", SAMPLE)):
        for text in strings:
            before = counts()
            dialog = OpenComplaintDialog(owner, lambda: now)
            if field == "words":
                dialog.search.setText("555-0101")  # Ana: one hit, picked at once
                assert dialog.customer_id() is not None
            else:
                dialog.words.setPlainText("The crew came late and tracked mud in.")
            typed = put(getattr(dialog, field), text).strip()
            dialog.accept()
            if not accepted(dialog):
                refused_cleanly(dialog, before, f"{field}={text!r}")
                continue
            changed = grew(before, counts())
            assert changed.get("Complaint") == 1 and set(changed) == {"Complaint",
                                                                      "AuditEntry"}
            complaint = Complaint.get_by_id(dialog.complaint_id)
            if field == "words":
                assert complaint.words == typed, repr(text)
            dialog.deleteLater()


def test_sign_in_dialog(qtbot, db_path, settings):
    for field, strings in (("user", STRINGS), ("password", SAMPLE[::2])):
        for text in strings:
            before = counts()
            dialog = SignInDialog("Prairie Carpet Care", settings)
            dialog.user.setText("owner")
            dialog.password.setText(PASSWORD)
            put(getattr(dialog, field), text)
            dialog.accept()
            if accepted(dialog):  # only the right name and password get in
                assert dialog.actor is not None and dialog.actor.name == "owner"
                assert (field, text.strip()) == ("user", "owner")
            else:
                refused_cleanly(dialog, before, f"{field}={text!r}")
                assert inline_error(dialog) == "Wrong user name or password."
            dialog.deleteLater()


@pytest.mark.parametrize("field", ["company", "owner", "password", "trucks", "zone"])
def test_first_run_setup_dialog(qtbot, tmp_path, now, field):
    from models import store
    from models.company import company
    from models.schema import Truck

    for n, text in enumerate(SMALL):
        target = tmp_path / f"setup-{n}.sqlite3"
        dialog = SetupDialog(str(target), lambda: now)
        dialog.company.setText("Lakeside Rugs")
        dialog.zone.setCurrentText("Europe/Berlin")
        dialog.owner.setText("Greta")
        dialog.password.setText("s3cret-pass")
        dialog.password2.setText("s3cret-pass")
        dialog.trucks.setPlainText("Van A, Ute & Jan")
        typed = put(getattr(dialog, field), text)
        if field == "password":
            dialog.password2.setText(typed)
        try:
            dialog.accept()
        finally:
            if not accepted(dialog):
                store.close()
        if not accepted(dialog):
            assert not accepted(dialog) and inline_error(dialog), f"{field}={text!r}"
            assert not target.exists(), f"half-saved setup: {field}={text!r}"
            continue
        assert dialog.result_mode == "created"
        assert Truck.select().count() == len(dialog.truck_lines()) >= 1
        if field == "company":
            assert company().name.strip() == typed.strip(), repr(text)
        store.close()
        dialog.deleteLater()


def test_the_lists_are_what_the_brief_says():
    assert len(STRINGS) > 500 and len(SAMPLE) == 100 and len(SMALL) == 15
