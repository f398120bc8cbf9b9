"""The app's own 'save as CSV/PDF' goes through the same guard as the headless exports."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from desktop.dashboard import open_dashboard
from models.errors import DomainError


@pytest.fixture
def window(qtbot, db_path, owner, now):
    win = open_dashboard(None, owner, lambda: now)
    qtbot.addWidget(win)
    return win


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.sqlite_only
def test_dashboard_exports_refuse_the_database(window, db_path, tmp_path):
    before = _digest(db_path)
    link = tmp_path / "figures.csv"
    os.link(db_path, link)
    for target in (db_path, Path(f"{db_path}-wal"), link):
        with pytest.raises(DomainError, match="database"):
            window.export_csv("trucks", str(target))
        with pytest.raises(DomainError, match="database"):
            window.save_pdf(str(target))
    assert _digest(db_path) == before


def test_dashboard_exports_are_all_or_nothing(window, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "trucks.csv.part").symlink_to(victim)
    window.export_csv("trucks", str(tmp_path / "trucks.csv"))
    window.save_pdf(str(tmp_path / "dashboard.pdf"))
    assert victim.read_text() == "precious"
    assert (tmp_path / "dashboard.pdf").read_bytes().startswith(b"%PDF-")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
