"""Screenshots of the week view and the tray on the demo company (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_week_tray.py
writes resources/screenshot-week.png and resources/screenshot-tray.png.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ONTIME_AUDIT_KEY_DIR", tempfile.mkdtemp(prefix="ontime-keys-"))


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.main_window import MainWindow
    from models.demo import create_demo
    from models.services.actor import Actor

    app = QApplication(sys.argv)
    # A weekday morning, so the tray holds today's phone bookings and the week is busy.
    now = dt.datetime(2026, 11, 24, 16, 10, tzinfo=dt.timezone.utc)
    folder = Path(tempfile.mkdtemp(prefix="ontime-shots-"))
    from models import store

    create_demo(str(folder / "demo.sqlite3"), now, tz="America/Chicago")
    store.close()
    store.open_db(str(folder / "demo.sqlite3"))
    settings = QSettings(str(folder / "ui.ini"), QSettings.IniFormat)
    window = MainWindow(Actor("owner", "owner"), lambda: now, settings, sound=False,
                        refresh_ms=3_600_000, sweep_ms=3_600_000)
    window.resize(1366, 768)
    window.show()
    window.start()
    app.processEvents()
    tray_area = window.tray.parentWidget()
    tray_area.grab().save(str(ROOT / "resources" / "screenshot-tray.png"))
    window.tabs.setCurrentWidget(window.week_view)
    app.processEvents()
    window.week_view.grab().save(str(ROOT / "resources" / "screenshot-week.png"))
    window.realtime.stop()
    window.close()
    store.close()


if __name__ == "__main__":
    main()
