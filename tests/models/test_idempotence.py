"""Running the guarantee again, or from several processes at once, never doubles anything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from models import audit, rules
from models.policy import DEFAULT_POLICY
from models.schema import AuditEntry, Complaint, Reward, Stamp
from models.services.guarantee import evaluate
from tests import factories
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, counts, end_of

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 3

WORKER = textwrap.dedent("""
    import datetime as dt, json, os, sys, time
    from pathlib import Path
    from models import store
    from models.services.guarantee import evaluate
    from models.services import stamps
    from models.services.actor import Actor

    db, folder, name, action, when = sys.argv[1:6]
    store.open_db(db)
    now = dt.datetime.fromisoformat(when)
    folder = Path(folder)
    (folder / f"ready-{name}").touch()
    deadline = time.monotonic() + 30
    while not (folder / "go").exists():  # a start line, so the writers really collide
        if time.monotonic() > deadline:
            sys.exit("no start signal")
    if action == "evaluate":
        print(json.dumps(len(evaluate(now))))
    else:
        job_id, at = int(sys.argv[6]), dt.datetime.fromisoformat(sys.argv[7])
        result = stamps.arrive(job_id, at, Actor("owner", "owner"), now,
                               reason="crew called in", client_uid=sys.argv[8])
        print(json.dumps(len(result.events)))
    store.close()
""")


def run_together(db_path: Path, folder: Path, jobs: list[list[str]]) -> list[int]:
    """Start one process per argument list, release them at once, return what each printed."""
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(db_path), str(folder),
                               str(n), *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
             for n, args in enumerate(jobs)]
    deadline = time.monotonic() + 60
    while len(list(folder.glob("ready-*"))) < len(procs):
        assert time.monotonic() < deadline, "workers did not start"
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        time.sleep(0.01)
    (folder / "go").touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def _late_day(truck_id: int, cust: int, hours=range(6, 16)) -> list[int]:
    return [factories.job(truck_id, cust, DAY, f"{h:02d}:00", booked_at=BOOKED) for h in hours]


def test_evaluate_twice_changes_nothing_the_second_time(truck_id, cust):
    ids = _late_day(truck_id, cust)
    at = end_of(ids[-1]) + 61 * MIN
    assert len(evaluate(at)) == len(ids)
    snapshot = [tuple(r) for r in Reward.select().order_by(Reward.id).tuples()]
    audit_rows = AuditEntry.select().count()
    assert evaluate(at) == []
    assert [tuple(r) for r in Reward.select().order_by(Reward.id).tuples()] == snapshot
    assert AuditEntry.select().count() == audit_rows
    assert counts() == (len(ids), len(ids))


def test_evaluate_from_several_processes_at_once(db_path, tmp_path, truck_id, cust):
    ids = _late_day(truck_id, cust)
    last_end = end_of(ids[-1])
    tiers = dict.fromkeys(ids, 0)
    # Three rounds, each crossing a tier for some job: create, upgrade, certificate.
    for round_no, minutes in enumerate((35, 65, 125)):
        now = last_end + minutes * MIN
        printed = run_together(db_path, tmp_path / f"round{round_no}",
                               [["evaluate", now.isoformat()]] * PROCESSES)
        before, tiers = tiers, {i: rules.tier_for((now - end_of(i)) // MIN, DEFAULT_POLICY)
                                for i in ids}
        changed = sum(1 for i in ids if tiers[i] != before[i])
        assert changed > 0
        # Exactly one process did the round's work; the others found nothing to do.
        assert sorted(printed) == [0] * (PROCESSES - 1) + [changed]
        assert counts() == (len(ids), len(ids))
        assert {r.job_id: r.tier for r in Reward.select()} == tiers
    assert {r.tier for r in Reward.select()} == {3}
    codes = [r.certificate_code for r in Reward.select()]
    assert len(set(codes)) == len(ids)
    assert Complaint.select().where(Complaint.status == "open").count() == len(ids)
    assert audit.verify_chain() == []


def test_the_same_stamp_sent_from_two_desktops_is_saved_once(db_path, tmp_path, job_id):
    end = end_of(job_id)
    at, now = (end + 45 * MIN).isoformat(), (end + 46 * MIN).isoformat()
    printed = run_together(db_path, tmp_path / "stamps",
                           [["arrive", now, str(job_id), at, "uid-1"]] * PROCESSES)
    assert sorted(printed) == [0] * (PROCESSES - 1) + [1]
    assert Stamp.select().count() == 1
    assert counts() == (1, 1)
    assert audit.verify_chain() == []


def test_live_sweep_and_stamp_racing_settle_once(db_path, tmp_path, job_id):
    end = end_of(job_id)
    now = (end + 70 * MIN).isoformat()
    run_together(db_path, tmp_path / "race",
                 [["evaluate", now], ["arrive", now, str(job_id), (end + 40 * MIN).isoformat(),
                                      "uid-2"], ["evaluate", now]])
    reward = Reward.get()
    # Whoever went first, the stamp settles the tier and nothing is doubled.
    assert (reward.tier, reward.minutes_late) == (1, 40)
    assert counts() == (1, 1)
    assert audit.verify_chain() == []
