"""Crash safety: SIGKILL a stamping process at random moments; no acknowledged stamp is lost."""

from __future__ import annotations

import random
import time

import pytest

from tests.reliability.helpers import (
    Stamper,
    checked,
    rewards_match_stamps,
    seed_jobs,
    sqlite_integrity,
    stamp_uids,
)

# What SIGKILL must not do is damage the SQLite file (the server keeps its own journal).
pytestmark = pytest.mark.sqlite_only


def _crash_rounds(db_path, rounds: int, min_stamps: int, seed: int, longest: float = 1.2
                  ) -> dict:
    from models import store

    jobs = seed_jobs(16)
    store.close()
    rng = random.Random(seed)
    acked = new = 0
    done = 0
    while done < rounds or acked < min_stamps:
        child = Stamper(db_path, jobs, seed=seed * 1000 + done)
        assert child.started.wait(60), "the stamping process did not start"
        time.sleep(rng.uniform(0.0, longest))  # a random moment in the middle of the work
        child.kill()
        assert not child.errors, child.errors[:3]
        assert sqlite_integrity(db_path) == "ok", f"round {done}"
        saved = stamp_uids(db_path)
        ids = set(saved.values())
        for stamp_id, uid, is_new, _ in child.acks:
            if is_new:
                assert saved.get(uid) == stamp_id, f"round {done}: stamp {uid} was lost"
            else:  # the same arrival repeated: the stamp already there was acknowledged
                assert stamp_id in ids, f"round {done}: stamp {stamp_id} was lost"
        assert checked(db_path) == [], f"round {done}"
        store.open_db(str(db_path))
        try:
            assert rewards_match_stamps() == [], f"round {done}"
        finally:
            store.close()
        acked += len(child.acks)
        new += sum(1 for a in child.acks if a[2])
        done += 1
    print(f"\nFIGURE crash: {done} SIGKILL rounds, {acked} acknowledged stamps ({new} new rows), "
          "0 lost, integrity ok every round")
    return {"rounds": done, "acked": acked}


def test_sigkill_short(db_path):
    figures = _crash_rounds(db_path, rounds=5, min_stamps=0, seed=1)
    assert figures["rounds"] == 5


@pytest.mark.slow
def test_sigkill_long(db_path):
    figures = _crash_rounds(db_path, rounds=100, min_stamps=10_000, seed=2, longest=2.0)
    assert figures["rounds"] >= 100 and figures["acked"] >= 10_000
