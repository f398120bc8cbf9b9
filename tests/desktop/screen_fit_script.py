"""Open the board, the route-sheet and letter previews and the dashboard on a given screen.

``python tests/desktop/screen_fit_script.py DB INI [--resize WxH]`` (run with
``QT_QPA_PLATFORM=offscreen:configfile=…`` naming a screen) prints one JSON object: the
screen's available rectangle and, for each window, its frame rectangle and the rectangles
(in screen coordinates) of the parts a user must reach: the status bar, button rows and tool
bars. With ``--shots DIR`` each window's picture is saved there. With ``--resize``, each window is then resized to W×H and closed, so its size is
remembered for that screen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

NOW = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.timezone.utc)


def rect(r) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def on_screen(widget) -> list[int]:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def reachable_parts(window) -> list[list[int]]:
    from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QStatusBar, QToolBar

    parts = []
    for kind in (QStatusBar, QDialogButtonBox, QToolBar, QPushButton):
        for child in window.findChildren(kind):
            if child.isVisible():
                parts.append(on_screen(child))
    return parts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("ini")
    parser.add_argument("--resize")
    parser.add_argument("--shots", help="a folder to save a picture of each window in")
    args = parser.parse_args()

    from PySide6.QtCore import QSettings

    from desktop.app import _application
    from desktop.dashboard.window import DashboardWindow
    from desktop.letters.preview import preview_dialog
    from desktop.main_window import MainWindow
    from desktop.printing.route_sheets_dialog import RouteSheetPreview
    from models import store
    from models.letters import Letter
    from models.services.actor import Actor

    store.open_db(args.db)
    app = _application()
    settings = QSettings(args.ini, QSettings.IniFormat)
    board = MainWindow(Actor("owner", "owner"), lambda: NOW, settings, sound=False,
                       refresh_ms=3_600_000, sweep_ms=3_600_000)
    board.show()
    board.start()
    windows = {
        "board": board,
        "route-sheets": RouteSheetPreview(NOW.date(), NOW, parent=board),
        "dashboard": DashboardWindow(lambda: NOW, board),
        "letter": preview_dialog(Letter("apology", "We are sorry", ["Prairie Carpet Care"],
                                        "Mon 23 Nov 2026", ["Ana"], "Dear Ana,",
                                        ["We were late."]), board),
    }
    report = {"screen": rect(app.primaryScreen().availableGeometry()), "windows": {}}
    for name, window in windows.items():
        window.show()
        app.processEvents()
        report["windows"][name] = {"frame": rect(window.frameGeometry()),
                                   "size": [window.width(), window.height()],
                                   "parts": reachable_parts(window)}
        if args.shots:
            window.grab().save(str(Path(args.shots) / f"{name}.png"))
    if args.resize:
        width, height = (int(n) for n in args.resize.split("x"))
        for window in windows.values():
            window.resize(width, height)
            app.processEvents()
        for name in ("letter", "dashboard", "route-sheets", "board"):
            windows[name].close()
            app.processEvents()
    settings.sync()
    print(json.dumps(report), flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
