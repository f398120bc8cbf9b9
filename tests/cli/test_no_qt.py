"""Headless commands never import Qt: they must start fast and run where no display exists."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.cli.helpers import DAY, NOW, PASSWORD, ROOT, ok, run_cli, write_rows

QT = ("PySide6", "shiboken6")


def test_jobs_imports_no_qt_module(module_db):
    command = [sys.executable, "-X", "importtime", "main.py", "--db", str(module_db), "jobs",
               "--date", DAY]
    result = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True,
                            env={"ONTIME_NOW": NOW, "PATH": "/usr/bin:/bin"},
                            stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")]
    # (importlib.import_module of the command itself is not logged by -X importtime)
    assert "models.queries.listings" in imported and "models.services.guarantee" in imported
    assert not [m for m in imported if m.split(".")[0] in QT]


RUN_ALL = """
import json, sys
sys.path.insert(0, '.')
from cli.app import run
codes = []
for argv in json.loads(sys.argv[1]):
    codes.append(run(argv))
qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))
print(json.dumps({'codes': codes, 'qt': qt}))
"""


def test_every_headless_command_runs_without_qt(db, databases, tmp_path):
    """All the commands of INTERFACES.md that draw nothing, one after another in one process."""
    jobs_csv = write_rows(tmp_path / "jobs.csv", ["date", "window_start", "truck", "customer"],
                          [["2026-11-26", "09:00", "Red", "Quinn Quiet"]])
    arrivals = write_rows(tmp_path / "arrivals.csv", ["external_id", "arrived_at"],
                          [["B-0900", "2026-11-23 10:40"]])
    d = ["--db", str(db)]
    fresh = databases.fresh(tmp_path / "fresh.sqlite3")
    script = [
        ["--db", str(fresh), "init", "--company", "Fresh", "--tz",
         "America/Denver", "--owner", "fay"],
        d + ["add-truck", "Van 9", "--color", "#123456"],
        d + ["add-user", "zed", "--role", "dispatcher"],
        d + ["import-jobs", str(jobs_csv)],
        d + ["import-arrivals", str(arrivals), "--reason", "crew log"],
        d + ["jobs", "--date", DAY, "--csv", str(tmp_path / "jobs-out.csv")],
        d + ["en-route", "E-1130"],
        d + ["arrive", "E-1130"],
        d + ["complete", "E-1130"],
        d + ["unstamp", "E-1130", "--reason", "wrong job"],
        d + ["assign", "F-1300", "--truck", "Red"],
        d + ["reschedule", "F-1300", "--to", "2026-11-24 10:00", "--by", "company"],
        d + ["cancel", "K-0900", "--reason", "moved away"],
        d + ["fault", "C-1015", "--set", "no_one", "--reason", "storm"],
        d + ["reward-issue", "1"],
        d + ["reward-void", "1", "--reason", "goodwill"],
        d + ["rewards", "--csv", str(tmp_path / "rewards.csv")],
        d + ["complaints", "--open"],
        d + ["backup", str(tmp_path / "backup.sqlite3")],
        d + ["check"],
    ]
    env = {"ONTIME_NOW": NOW, "ONTIME_PASSWORD": PASSWORD,
           "ONTIME_AUDIT_KEY_DIR": os.environ["ONTIME_AUDIT_KEY_DIR"], "ONTIME_NEW_PASSWORD": "zed-pass",
           "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-c", RUN_ALL, json.dumps(script)], check=False,
                            cwd=ROOT,
                            capture_output=True, text=True, env=env,
                            stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["codes"] == [0] * len(script), (report, result.stderr[-3000:])
    assert report["qt"] == []
    ok(run_cli("check", db=db))
    databases.discard(fresh)
