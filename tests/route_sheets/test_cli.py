"""`route-sheets` end to end: main.py in a subprocess on a real database file."""

from __future__ import annotations

import re

from tests.cli.helpers import run_cli
from tests.route_sheets import helpers as h

pytestmark = h.needs_poppler
NO_DISPLAY = {"QT_QPA_PLATFORM": None, "DISPLAY": None, "WAYLAND_DISPLAY": None}


def _folder(tmp_path):
    folder = tmp_path / "out"  # the database file lives in tmp_path itself
    folder.mkdir()
    return folder


def test_writes_every_truck_without_a_password_or_a_display(scenario, db_path, tmp_path):
    out = _folder(tmp_path) / "day.pdf"
    done = run_cli("route-sheets", "--date", "2026-11-24", "--pdf", out, db=db_path,
                   password=None, env=NO_DISPLAY)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Wrote 4 pages (2 trucks, 9 jobs) to {out}."
    titles = [title for title, _, _, _ in h.pages(out)]
    assert titles == ["Route sheets: all trucks", "Truck 1", "Truck 1", "Truck 2"]
    assert re.search(r"Collect\s+\$0\.00\s+FREE — rescheduled by us", h.pdf_text(out))
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_one_truck_and_global_options_after_the_command(scenario, db_path, tmp_path):
    out = tmp_path / "t2.pdf"
    done = run_cli("route-sheets", "--date", "2026-11-24", "--truck", "truck 2", "--pdf", out,
                   "--db", db_path, password=None)
    assert done.returncode == 0, done.stderr
    titles = [title for title, _, _, _ in h.pages(out)]
    assert titles == ["Route sheets: all trucks", "Truck 2"]
    assert "Truck 1" not in h.pdf_text(out)


def test_refusals_exit_2_and_write_nothing(scenario, db_path, tmp_path):
    out = _folder(tmp_path) / "x.pdf"
    cases = [
        (("--date", "2026-11-24", "--truck", "Truck 9"), "no truck called 'Truck 9'"),
        (("--date", "24/11/2026"), "is not a date"),
        (("--date", "2026-02-30"), "not a real date"),
    ]
    for args, message in cases:
        done = run_cli("route-sheets", *args, "--pdf", out, db=db_path, password=None)
        assert done.returncode == 2 and message in done.stderr, done.stderr
    missing = run_cli("route-sheets", "--date", "2026-11-24", "--pdf",
                      tmp_path / "nope" / "x.pdf", db=db_path, password=None)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert list(out.parent.iterdir()) == []
    no_db = run_cli("route-sheets", "--date", "2026-11-24", "--pdf", out,
                    db=tmp_path / "none.sqlite3", password=None)
    assert no_db.returncode == 2 and not out.exists()
