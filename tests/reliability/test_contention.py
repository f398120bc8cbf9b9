"""Contention: several processes stamping one database (an SQLite file, or the server) at once."""

from __future__ import annotations

import pytest

from tests.reliability.helpers import STARVED, Stamper, checked, seed_jobs, stamp_uids

P99_LIMIT = 0.250
MAX_LIMIT = 1.0  # no writer may starve: the longest wait stays far below busy_timeout


def _contend(db_path, processes: int, each: int) -> float:
    from models import store

    jobs = seed_jobs(16)
    store.close()
    children = [Stamper(db_path, jobs, seed=100 + n, limit=each) for n in range(processes)]
    codes = [child.wait() for child in children]
    assert codes == [0] * processes, [c.stderr[-2000:] for c in children]
    errors = [e for c in children for e in c.errors]
    assert all("database is locked" in e for e in errors), errors[:5]
    acks = [a for c in children for a in c.acks]
    assert len(acks) + len(errors) >= processes * each
    saved = stamp_uids(db_path)
    lost = [uid for stamp_id, uid, new, _ in acks if new and saved.get(uid) != stamp_id]
    assert lost == []
    assert checked(db_path) == []
    times = sorted(a[3] for a in acks)
    p50 = times[len(times) // 2]
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    figures = (f"{processes} processes x {each} stamps, {len(errors)} 'locked' errors, 0 lost, "
               f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms")
    print(f"\nFIGURE contention: {figures}")
    if errors or p99 > P99_LIMIT or times[-1] > MAX_LIMIT:
        pytest.xfail(f"{figures}. {STARVED}")  # the hard guarantees above still held


def test_four_writers_short(db_path):
    _contend(db_path, 4, 50)


@pytest.mark.slow
def test_four_writers_long(db_path):
    _contend(db_path, 4, 1000)
