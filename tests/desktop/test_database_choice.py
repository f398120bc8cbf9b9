"""Each desktop can be pointed at its own file or at the office's PostgreSQL server."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop.dialogs.database import SETTING, DatabaseDialog, chosen_target
from models import store


def _settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "desk.ini"), QSettings.IniFormat)


def test_command_line_then_environment_then_saved_choice(tmp_path, monkeypatch):
    settings = _settings(tmp_path)
    settings.setValue(SETTING, "postgresql://desk1@server/ontime")
    monkeypatch.delenv("ONTIME_DB", raising=False)
    assert chosen_target(None, settings) == "postgresql://desk1@server/ontime"
    monkeypatch.setenv("ONTIME_DB", str(tmp_path / "env.sqlite3"))
    assert chosen_target(None, settings) == str(tmp_path / "env.sqlite3")
    assert chosen_target(str(tmp_path / "arg.sqlite3"), settings) == str(tmp_path / "arg.sqlite3")


def test_a_working_database_is_saved_for_the_next_start(qtbot, tmp_path, db_path):
    store.close()
    settings = _settings(tmp_path)
    dialog = DatabaseDialog(settings, "current.sqlite3")
    qtbot.addWidget(dialog)
    dialog.target.setText(str(db_path))
    dialog.accept()
    assert "Prairie Carpet Care" in dialog.outcome.text()
    assert settings.value(SETTING) == str(db_path)


def test_a_database_that_cannot_be_used_is_refused_inline_and_not_saved(qtbot, tmp_path):
    settings = _settings(tmp_path)
    dialog = DatabaseDialog(settings, "current.sqlite3")
    qtbot.addWidget(dialog)
    for bad in (str(tmp_path / "missing.sqlite3"), "postgresql://nobody@127.0.0.1:1/none"):
        dialog.target.setText(bad)
        dialog.accept()
        assert dialog.error.isVisibleTo(dialog) and dialog.error.text()
        assert settings.value(SETTING) is None
        assert dialog.result() == 0  # still open
    assert not (tmp_path / "missing.sqlite3").exists()
