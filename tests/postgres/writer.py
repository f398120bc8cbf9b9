"""A second desktop in its own process: stamps or edits jobs on the shared server."""

from __future__ import annotations

import datetime as dt
import sys
import time

from models import store
from models.errors import ConflictError
from models.schema import Job
from models.services import jobs, stamps
from models.services.actor import Actor

NOW = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.timezone.utc)
ACTOR = Actor("owner", "owner")


def stamp_many(url: str, job_ids: list[int], pause: float) -> None:
    """Stamp each job, printing 'job_id started_at' after each commit: the moment the stamp
    began (the key press), so a delay measured from it includes this side's commit too."""
    store.open_db(url)
    for job_id in job_ids:
        started = time.time()
        stamps.arrive(job_id, NOW, ACTOR, NOW, reason="shared test")
        print(f"{job_id} {started:.6f}", flush=True)
        time.sleep(pause)


def race(url: str, job_id: int, rounds: int, name: str, barrier_dir: str) -> None:
    """Each round: read the version, wait for the other racer, save; print who won."""
    from pathlib import Path

    store.open_db(url)
    for n in range(rounds):
        version = Job.get_by_id(job_id).version
        _meet(Path(barrier_dir), name, n)
        try:
            jobs.edit(job_id, version, {"notes": f"{name}-{n}"}, ACTOR, NOW)
            print(f"{n} won", flush=True)
        except ConflictError:
            print(f"{n} lost", flush=True)


def _meet(folder, name: str, n: int) -> None:
    """A two-process barrier through files: both have read before either saves."""
    (folder / f"{name}-{n}").touch()
    other = "b" if name == "a" else "a"
    while not (folder / f"{other}-{n}").exists():
        time.sleep(0.0005)


if __name__ == "__main__":
    if sys.argv[1] == "stamp":
        stamp_many(sys.argv[2], [int(x) for x in sys.argv[3].split(",")], float(sys.argv[4]))
    else:
        race(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6])
