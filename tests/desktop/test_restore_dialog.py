"""Restore from backup in the app: owner only, checked first, the board reloads after."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from desktop.dialogs.restore import OWNER_ONLY, RestoreDialog
from models.backup import backup_to
from models.integrity import check
from models.schema import AuditEntry, Stamp
from tests.conftest import BACKEND

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def inline_error(dialog) -> str:
    label = dialog.findChild(QLabel, "inlineError")
    return label.text() if not label.isHidden() else ""


@pytest.fixture
def restore_window(qtbot, day_jobs_ids, db_path, owner, clock, settings):
    from desktop.main_window import MainWindow

    win = MainWindow(owner, clock, settings, sound=False, refresh_ms=3_600_000,
                     sweep_ms=3_600_000, db_target=str(db_path))
    qtbot.addWidget(win)
    win.show()
    win.start()
    yield win
    win.realtime.stop()
    if win.live is not None:
        win.live.stop()


def active_stamps() -> int:
    return Stamp.select().where(Stamp.active == True).count()


def test_restore_takes_back_a_change_made_after_the_backup(qtbot, restore_window, day_jobs_ids,
                                                           tmp_path):
    win, ana = restore_window, day_jobs_ids["ana"]
    backup = backup_to(tmp_path / "before.sqlite3")
    assert win.controller.arrive(ana)  # the change the restore takes away
    assert win.controller.job(ana).status == "arrived" and active_stamps() == 1
    action = win.actions_.restore
    assert action.isEnabled()
    assert action in win.menuBar().actions()[0].menu().actions()  # in the File menu

    seen: dict[str, str] = {}

    def drive() -> None:  # the dialog is modal: work it from inside its own loop
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RestoreDialog)
        dialog.set_backup(backup)
        assert dialog.on_check()
        seen["checked"] = dialog.report.text()
        dialog.restore_button.click()
        seen["error"] = inline_error(dialog)
        seen["report"] = dialog.report.text()
        dialog.reject()

    QTimer.singleShot(0, drive)
    action.trigger()
    assert seen["error"] == ""
    assert "It can be restored" in seen["checked"]
    assert "Restored from before.sqlite3" in seen["report"] and "kept at" in seen["report"]
    assert active_stamps() == 0  # the arrival made after the backup is gone
    assert win.controller.job(ana).status == "scheduled"  # and the board reloaded
    assert check() == []
    audit = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert audit.action == "restore" and audit.by == "owner"
    kept = Path(seen["report"].split("kept at ")[1].rstrip("."))
    assert kept.is_file()  # next to the file; a server's in the backup folder


def test_a_bad_backup_is_refused_inline_and_nothing_changes(qtbot, db_path, owner, clock,
                                                            day_jobs_ids, tmp_path):
    from models.services import stamps

    stamps.arrive(day_jobs_ids["ana"], clock(), owner, clock())
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    reloads: list[int] = []
    dialog = RestoreDialog(owner, clock, str(db_path), after=lambda: reloads.append(1))
    qtbot.addWidget(dialog)
    dialog.restore_button.click()
    assert "Pick the backup file first" in inline_error(dialog)
    dialog.set_backup(garbage)
    assert not dialog.on_check()
    assert "did not pass the checks" in inline_error(dialog)
    dialog.restore_button.click()
    assert "did not pass the checks; nothing was replaced" in inline_error(dialog)
    dialog.set_backup(tmp_path / "missing.sqlite3")
    dialog.restore_button.click()
    assert "There is no backup file" in inline_error(dialog)
    if BACKEND == "sqlite":  # a server database is no file to pick
        dialog.set_backup(db_path)
        dialog.restore_button.click()
        assert "That is the database itself" in inline_error(dialog)
    assert dialog.restored is None and reloads == []
    assert active_stamps() == 1 and check() == []


def test_a_dispatcher_is_refused(qtbot, db_path, dispatcher, clock, day_jobs_ids, tmp_path,
                                 settings):
    from desktop.main_window import MainWindow

    backup = backup_to(tmp_path / "before.sqlite3")
    dialog = RestoreDialog(dispatcher, clock, str(db_path))
    qtbot.addWidget(dialog)
    assert inline_error(dialog) == OWNER_ONLY
    assert not dialog.restore_button.isEnabled() and not dialog.path.isEnabled()
    dialog.set_backup(backup)
    dialog.on_restore()  # even called directly, it refuses
    assert inline_error(dialog) == OWNER_ONLY and dialog.restored is None
    assert not list(Path(db_path).parent.glob("*.replaced-*"))
    win = MainWindow(dispatcher, clock, settings, sound=False, refresh_ms=3_600_000,
                     sweep_ms=3_600_000, db_target=str(db_path))
    qtbot.addWidget(win)
    assert not win.actions_.restore.isEnabled()
    assert "owner" in win.actions_.restore.toolTip()


def test_without_a_database_file_the_action_is_off(window):
    action = window.actions_.restore
    assert not action.isEnabled()
    assert "database file" in action.toolTip()
