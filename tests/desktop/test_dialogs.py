"""Sign-in, first-run setup, editing and booking: inline messages, nothing half-saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.dialogs.jobs import FaultDialog, JobEditDialog, StampTimeDialog
from desktop.dialogs.new_job import NewJobDialog
from desktop.dialogs.setup import SetupDialog
from desktop.dialogs.signin import SignInDialog
from models.errors import DomainError
from models.schema import Job, Truck
from models.services import jobs, people
from tests.conftest import PASSWORD


def inline_error(dialog) -> str:
    label = dialog.findChild(QLabel, "inlineError")
    return label.text() if not label.isHidden() else ""


def test_sign_in_refuses_a_wrong_password_and_remembers_the_user(qtbot, db_path, settings):
    dialog = SignInDialog("Prairie Carpet Care", settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.user.setText("owner")
    dialog.password.setText("wrong")
    dialog.accept()
    assert dialog.actor is None and dialog.isVisible()
    assert inline_error(dialog) == "Wrong user name or password."
    dialog.password.setText(PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key_Return)
    assert dialog.actor is not None and dialog.actor.role == "owner"
    assert dialog.result() == SignInDialog.Accepted
    again = SignInDialog("Prairie Carpet Care", settings)
    qtbot.addWidget(again)
    assert again.user.text() == "owner"


def test_sign_in_refuses_an_unknown_user_the_same_way(qtbot, db_path, settings):
    dialog = SignInDialog("x", settings)
    qtbot.addWidget(dialog)
    dialog.user.setText("nobody")
    dialog.password.setText(PASSWORD)
    dialog.accept()
    assert inline_error(dialog) == "Wrong user name or password."


def fill_setup(dialog, password2="s3cret-pass"):
    dialog.company.setText("Lakeside Rugs")
    dialog.zone.setCurrentText("Europe/Berlin")
    dialog.owner.setText("Greta")
    dialog.password.setText("s3cret-pass")
    dialog.password2.setText(password2)
    dialog.trucks.setPlainText("Van A, Ute & Jan\nVan B\n")


def test_first_run_setup_creates_company_owner_and_trucks(qtbot, tmp_path, now):
    from models import store
    from models.company import company
    from models.services.actor import authenticate

    target = str(tmp_path / "new.sqlite3")
    dialog = SetupDialog(target, lambda: now)
    qtbot.addWidget(dialog)
    fill_setup(dialog, password2="different")
    dialog.accept()
    assert "passwords differ" in inline_error(dialog)
    assert not Path(target).exists()  # nothing half-saved
    fill_setup(dialog)
    dialog.accept()
    assert dialog.result_mode == "created" and dialog.owner_name == "Greta"
    assert company().tz == "Europe/Berlin" and company().name == "Lakeside Rugs"
    assert [(t.name, t.crew) for t in Truck.select().order_by(Truck.name)] == [
        ("Van A", "Ute & Jan"), ("Van B", "")]
    assert authenticate("Greta", "s3cret-pass").role == "owner"
    store.close()


def test_setup_refuses_a_zone_not_in_the_list(qtbot, tmp_path, now):
    dialog = SetupDialog(str(tmp_path / "x.sqlite3"), lambda: now)
    qtbot.addWidget(dialog)
    fill_setup(dialog)
    dialog.zone.setCurrentText("Mars/Olympus")
    dialog.accept()
    assert "time zone" in inline_error(dialog)
    assert dialog.zone.completer().filterMode() == Qt.MatchContains  # searchable list


def test_setup_offers_demo_data(qtbot, tmp_path, now):
    dialog = SetupDialog(str(tmp_path / "x.sqlite3"), lambda: now)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.demo_button, Qt.LeftButton)
    assert dialog.result_mode == "demo"


def test_edit_dialog_shows_a_conflict_clearly(qtbot, window, day_jobs_ids, owner, now):
    job = window.controller.job(day_jobs_ids["ana"])
    dialog = JobEditDialog(job, window.controller.edit, window)
    qtbot.addWidget(dialog)
    jobs.edit(job.job_id, job.version, {"notes": "gate code 4411"}, owner, now)  # someone else
    dialog.price.setText("175.00")
    dialog.accept()
    assert "Not saved" in inline_error(dialog) and "was changed by" in inline_error(dialog)
    assert f"{Job.get_by_id(job.job_id).price:.2f}" == "150.00"


def test_edit_dialog_validates_and_saves(qtbot, window, day_jobs_ids):
    job = window.controller.job(day_jobs_ids["ana"])
    dialog = JobEditDialog(job, window.controller.edit, window)
    qtbot.addWidget(dialog)
    dialog.price.setText("12.345")
    dialog.accept()
    assert "more than 2 decimals" in inline_error(dialog)
    dialog.price.setText("175.50")
    dialog.service.setText("Carpet + stairs")
    dialog.accept()
    saved = Job.get_by_id(job.job_id)
    assert (f"{saved.price:.2f}", saved.service) == ("175.50", "Carpet + stairs")
    assert window.controller.job(job.job_id).service == "Carpet + stairs"


def test_new_job_searches_as_you_type_and_warns_about_decline(qtbot, window, day_jobs_ids,
                                                             owner, now):
    ana = Job.get_by_id(day_jobs_ids["ana"]).customer_id
    people.set_decline(ana, True, "abusive to the crew", owner, now)
    dialog = NewJobDialog(window.controller, window.controller.trucks, window.controller.day,
                          parent=window)
    qtbot.addWidget(dialog)
    dialog.search.setText("Ñúñ")  # accents match as typed
    assert dialog.hits.count() == 1
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "ana")  # QTest types ASCII only
    assert dialog.hits.count() == 1 and dialog.chosen.customer_id == ana
    assert not dialog.warning.isHidden() and "abusive" in dialog.warning.text()
    dialog.start.setTime(dialog.start.time().fromString("16:00", "HH:mm"))
    dialog.service.setText("Rug pickup")
    dialog.price.setText("80.00")
    dialog.accept()
    assert "Book anyway" in inline_error(dialog)
    assert Job.select().count() == 2
    dialog.confirm.setChecked(True)
    dialog.accept()
    booked = Job.get_by_id(dialog.booked_id)
    assert (booked.customer_id, booked.local_start, booked.service) == (ana, "16:00",
                                                                       "Rug pickup")
    assert window.board.job(booked.id) is not None


def test_new_job_with_a_new_customer_saves_both_or_neither(qtbot, window, day_jobs_ids):
    from models.schema import Customer

    dialog = NewJobDialog(window.controller, window.controller.trucks, window.controller.day,
                          parent=window)
    qtbot.addWidget(dialog)
    dialog.new_box.setChecked(True)
    dialog.new_name.setText("Cleo Park")
    dialog.service.setText("Carpet cleaning")
    dialog.price.setText("lots")
    before = Customer.select().count()
    dialog.accept()
    assert "not an amount" in inline_error(dialog)
    assert Customer.select().count() == before  # the customer was not left behind
    dialog.price.setText("99")
    dialog.accept()
    assert Job.get_by_id(dialog.booked_id).customer.name == "Cleo Park"


def test_stamp_at_another_time_needs_a_reason_when_long_ago(qtbot, window, day_jobs_ids,
                                                           clock):
    job = window.controller.job(day_jobs_ids["ben"])
    dialog = StampTimeDialog(job, "arrival", window.controller.tz, clock(), window)
    qtbot.addWidget(dialog)
    dialog.time.setTime(dialog.time.time().fromString("11:30", "HH:mm"))
    dialog.accept()
    assert "more than 10 minutes ago" in inline_error(dialog)
    dialog.reason.setText("crew called late")
    dialog.accept()
    assert dialog.at == dt.datetime(2026, 11, 23, 17, 30, tzinfo=dt.timezone.utc)


def test_fault_needs_a_reason(qtbot, window, day_jobs_ids):
    dialog = FaultDialog(window.controller.job(day_jobs_ids["ben"]), window)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert "Say why" in inline_error(dialog)


def test_dispatcher_sees_owner_actions_disabled_with_a_reason(qtbot, day_jobs_ids, dispatcher,
                                                             clock, settings):
    from desktop.main_window import MainWindow

    win = MainWindow(dispatcher, clock, settings, sound=False)
    qtbot.addWidget(win)
    win.controller.reload()
    for action in (win.actions_.statistics, win.actions_.decline):
        assert not action.isEnabled()
        assert "Only an owner" in action.toolTip()
    try:
        people.set_decline(1, True, "x", dispatcher, clock())
    except DomainError as exc:  # and the service refuses anyway
        assert "Only an owner" in str(exc)
    win.realtime.stop()
