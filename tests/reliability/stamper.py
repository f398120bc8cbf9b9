"""Child process: stamp arrivals (and corrections) in a loop, printing each acknowledged stamp.

Usage: python -m tests.reliability.stamper DB JOB_IDS SEED LIMIT DELAY_MS
Prints "ready", then "ok STAMP_ID CLIENT_UID NEW SECONDS" once each stamp's transaction has
committed; "error ..." for anything a user would have been shown.
"""

from __future__ import annotations

import datetime as dt
import random
import signal
import sys
import time


def main(argv: list[str]) -> int:
    from models import store
    from models.errors import DomainError
    from models.schema import Job
    from models.services import stamps
    from models.services.actor import Actor
    from tests.conftest import NOW

    path, job_list, seed, limit, delay_ms = argv
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    rng = random.Random(int(seed))
    store.open_db(path)
    jobs = [int(j) for j in job_list.split(",")]
    ends = {j.id: j.window_end_utc for j in Job.select().where(Job.id.in_(jobs))}
    owner = Actor("owner", "owner")
    print("ready", flush=True)
    count = 0
    while not int(limit) or count < int(limit):
        job = rng.choice(jobs)
        late = dt.timedelta(seconds=rng.randint(-1800, 200 * 60),
                            microseconds=rng.randint(0, 999_999))
        at = min(ends[job] + late, NOW)
        uid = f"{seed}-{count}-{rng.getrandbits(48):012x}"
        started = time.perf_counter()
        try:
            result = stamps.arrive(job, at, owner, NOW, "crew log", client_uid=uid)
        except DomainError as exc:
            print(f"error domain {exc}", flush=True)
            continue
        except Exception as exc:  # noqa: BLE001 - what a user would see: count it, go on
            waited = time.perf_counter() - started
            print(f"error {type(exc).__name__} after {waited:.3f} s: {exc}".replace("\n", " "),
                  flush=True)
            continue
        elapsed = time.perf_counter() - started
        print(f"ok {result.stamp_id} {uid} {int(result.changed)} {elapsed:.6f}", flush=True)
        count += 1
        if float(delay_ms):
            time.sleep(float(delay_ms) / 1000)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
