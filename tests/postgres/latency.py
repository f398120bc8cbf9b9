"""How long a stamp made on one desktop takes to show on another (a second process stamps,
this side wakes on NOTIFY and re-reads, like a board)."""

from __future__ import annotations

import select
import time

from models.live import PgListener


def stamps_seen(url: str, job_ids: list[int], start_writer, count_arrivals) -> list[float]:
    """Seconds from each stamp's start (in the writer) to this side's re-read showing it,
    sorted. ``start_writer(url, ids)`` returns the writing process; ``count_arrivals(ids)``
    counts what this side sees."""
    listener = PgListener(url)
    writer = start_writer(url, job_ids)
    seen_at: list[float] = []
    deadline = time.time() + 60
    while len(seen_at) < len(job_ids) and time.time() < deadline:
        ready, _, _ = select.select([listener.fileno()], [], [], 1.0)
        if ready and listener.drain():
            seen_at += [time.time()] * (count_arrivals(job_ids) - len(seen_at))
    out, err = writer.communicate(timeout=60)
    listener.close()
    assert writer.returncode == 0, err
    sent = [float(line.split()[1]) for line in out.splitlines()]
    assert len(seen_at) == len(sent) == len(job_ids)
    return sorted(max(0.0, seen - done) for seen, done in zip(seen_at, sent, strict=True))
