"""The demo: its day sits around this machine's own now, and closing it leaves no files."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from desktop.demo_session import DemoFolder

ROOT = Path(__file__).resolve().parents[2]


def test_demo_uses_the_machines_zone_and_sits_around_its_now(tmp_path, monkeypatch):
    from models import store
    from models.company import company
    from models.demo import create_demo, desk_zone
    from models.rules import zone
    from models.schema import Job

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert desk_zone() == "Asia/Tokyo"
    now = dt.datetime(2026, 12, 1, 2, 30, tzinfo=dt.timezone.utc)  # 11:30 in Tokyo
    create_demo(str(tmp_path / "demo.sqlite3"), now)
    try:
        store.open_db(str(tmp_path / "demo.sqlite3"))
        assert company().tz == "Asia/Tokyo"
        local_today = now.astimezone(zone("Asia/Tokyo")).date()
        jobs = list(Job.select())
        today = [j for j in jobs if j.local_date == local_today]
        assert len(today) >= 20  # the played-out day sits around Tokyo's now
        assert all(abs(j.window_start_utc - now) < dt.timedelta(hours=9) for j in today)
        # the rest are the coming days' bookings (the week view), never another day before
        assert all(local_today < j.local_date <= local_today + dt.timedelta(days=7)
                   for j in jobs if j.local_date != local_today)
    finally:
        store.close()


def test_demo_folder_holds_database_and_key_and_goes_away(monkeypatch, tmp_path):
    from models import store
    from models.demo import create_demo

    keys = tmp_path / "user-keys"
    monkeypatch.setenv("ONTIME_AUDIT_KEY_DIR", str(keys))
    with DemoFolder() as folder:
        create_demo(folder.db_path, dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.timezone.utc))
        store.open_db(folder.db_path)
        assert any((folder.path / "keys").iterdir())
        where = folder.path
    assert not where.exists()
    assert not keys.exists()  # the user's key folder got nothing
    assert os.environ["ONTIME_AUDIT_KEY_DIR"] == str(keys)  # and the environment is back


def test_main_demo_leaves_no_files_when_closed(tmp_path):
    """`main.py --demo` as a real process: draw the board, quit, and the temp folder is
    as it was; no audit key was kept anywhere."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), QT_QPA_PLATFORM="offscreen",
               ONTIME_QUIT_WHEN_DRAWN="1", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"),
               ONTIME_AUDIT_KEY_DIR=str(tmp_path / "keys"))
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--demo"], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "board drawn" in done.stdout
    assert [p.name for p in temp.iterdir() if p.name.startswith("ontime")] == []
    assert not (tmp_path / "keys").exists()
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").rglob("*.sqlite3"))


def test_the_demo_never_replaces_an_existing_database(tmp_path, db_path):
    """`--demo --db office.sqlite3` once deleted the office's database for the demo company:
    now it is refused, exit 2, the database exactly as it was (a server's too)."""
    from models import store
    from tests.conftest import BACKEND
    from tests.dbview import dump

    store.close()
    target = str(db_path)
    before = Path(target).read_bytes() if BACKEND == "sqlite" else dump(target)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ONTIME_QUIT_WHEN_DRAWN="1",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--demo", "--db", target],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    assert "never" in done.stderr and "board drawn" not in done.stdout
    after = Path(target).read_bytes() if BACKEND == "sqlite" else dump(target)
    assert after == before


def test_a_demo_stopped_by_sigterm_still_leaves_nothing(tmp_path):
    """A logout or `kill` ends the demo the ordinary way: its folder goes too."""
    import signal

    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               ONTIME_AUDIT_KEY_DIR=str(tmp_path / "keys"))
    log = tmp_path / "stderr.txt"  # a file, not a pipe nobody reads (a full pipe blocks)
    with log.open("w") as errors:
        child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--demo"], env=env,
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True)
    try:
        assert child.stdout.readline().strip() == "board ready"
        assert [p.name for p in temp.iterdir() if p.name.startswith("ontime-demo")]
        child.send_signal(signal.SIGTERM)  # at once: the event loop may not be running yet
        assert child.wait(timeout=60) == 0, log.read_text()
    finally:
        if child.poll() is None:
            child.kill()
    assert [p.name for p in temp.iterdir() if p.name.startswith("ontime")] == []
