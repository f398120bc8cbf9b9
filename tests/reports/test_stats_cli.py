"""The `stats` command, run as a user would: a subprocess on a real file."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from tests.reports import history

ROOT = Path(__file__).resolve().parents[2]


def run(db_path, *args):
    env = {**os.environ, "ONTIME_NOW": "2026-11-23T18:00:00Z"}
    env.pop("ONTIME_PASSWORD", None)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db_path), "stats",
                           *args], capture_output=True, text=True, env=env, cwd=ROOT)


def test_stats_by_week_to_csv_and_text(db_path, owner, now, tmp_path):
    history.build(now)
    from models import store

    store.close()
    out = tmp_path / "stats.csv"
    done = run(db_path, "--from", "2026-11-01", "--to", "2026-11-12", "--by", "week", "--csv",
               str(out))
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["group"] for r in rows] == ["2026-W44", "2026-W45", "2026-W46", "total"]
    assert rows[-1]["jobs"] == "15" and rows[-1]["late"] == "7"
    text = run(db_path, "--from", "2026-11-10", "--to", "2026-11-12")
    lines = text.stdout.splitlines()
    assert lines[0].split("\t")[0] == "group" and lines[1].startswith("total\t11\t10\t5\t5\t50.0")


def test_stats_refuses_a_backwards_range(db_path):
    done = run(db_path, "--from", "2026-11-12", "--to", "2026-11-01")
    assert done.returncode == 2 and "before it starts" in done.stderr
