"""Cold start of the board on a given database, signed in as its owner (a benchmark's child).

``python tests/benchmarks/board_start_script.py DB [--background] [--now ISO]`` opens DB with
models.store.open_db, builds the MainWindow as desktop/app.py does after sign-in, and once
the board is drawn prints ``board drawn``, then ``rss_mb=…  peak_mb=…`` and quits. Phase
times go to stderr (``phase NAME SECONDS``) so a slow start can be pinned down.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def phase(name: str) -> None:
    print(f"phase {name} {time.perf_counter() - T0:.3f}", file=sys.stderr, flush=True)


def memory_mb() -> tuple[float, float]:
    """(resident now, peak resident) in MB, from /proc/self/status."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found.get("VmRSS", 0.0), found.get("VmHWM", 0.0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--background", action="store_true",
                        help="also the morning sheets and nightly backup, as an office desktop")
    parser.add_argument("--now", default="2026-11-23T18:00:00+00:00")
    parser.add_argument("--user", default="owner")
    args = parser.parse_args()
    start_at = dt.datetime.fromisoformat(args.now)

    def clock() -> dt.datetime:  # the pinned instant, moving on with real time
        return start_at + dt.timedelta(seconds=time.perf_counter() - T0)

    from PySide6.QtCore import QSettings, QTimer

    from desktop.app import _application
    from desktop.main_window import MainWindow
    from models import store
    from models.services.actor import Actor
    phase("imported")
    store.open_db(args.db)
    phase("opened")
    app = _application()
    settings = QSettings(str(Path(args.db).with_suffix(".ui.ini")), QSettings.IniFormat)
    window = MainWindow(Actor(args.user, "owner"), clock, settings, db_target=args.db,
                        background_jobs=args.background)
    phase("built")
    window.show()
    window.start()
    phase("started")

    def drawn() -> None:
        window.board.repaint()
        phase("drawn")
        print("board drawn", flush=True)
        rss, peak = memory_mb()
        print(f"rss_mb={rss:.1f} peak_mb={peak:.1f}", flush=True)
        app.quit()

    QTimer.singleShot(0, drawn)
    try:
        return app.exec()
    finally:
        window.close()
        store.close()


if __name__ == "__main__":
    sys.exit(main())
