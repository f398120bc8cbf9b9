"""Starting the desktop app: demo, first-run setup or sign-in, then the board."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import tempfile
from pathlib import Path

UTC = dt.timezone.utc
log = logging.getLogger(__name__)


def real_clock() -> dt.datetime:
    return dt.datetime.now(UTC)


def _application():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("OnTime")
    app.setApplicationName("OnTimeDispatch")
    app.setApplicationDisplayName("OnTime Dispatch")
    style = Path(__file__).resolve().parent.parent / "resources" / "styles" / "board.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def demo_path() -> str:
    folder = Path(tempfile.gettempdir())
    return str(folder / f"ontime-demo-{os.getpid()}-{int(dt.datetime.now().timestamp())}.sqlite3")


def open_demo(path: str, now: dt.datetime):
    """A fresh demo database at ``path``, which must not exist yet; the owner acting.

    The demo never replaces anything: `--demo --db office.sqlite3` once deleted the office's
    database to make room for the demo company."""
    from models import store
    from models.db import is_postgres
    from models.demo import create_demo
    from models.errors import DomainError
    from models.services.actor import Actor

    if is_postgres(path):
        raise DomainError("The demo makes a file of its own and never touches a server "
                          "database; leave out --db, or name a file that does not exist yet.")
    if any(Path(path + suffix).exists() for suffix in ("", "-wal", "-shm", "-journal")):
        raise DomainError(f"{path} already exists, and the demo never replaces a database; "
                          "leave out --db (the demo then lives in a folder of its own, removed "
                          "when it closes), or name a file that does not exist yet.")
    store.close()
    owner = create_demo(path, now)
    store.close()
    store.open_db(path)
    return Actor(owner, "owner")


def sign_in(target: str, settings, clock):
    """The acting user after setup or sign-in, or None when the user gave up."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from desktop.dialogs.setup import SetupDialog
    from desktop.dialogs.signin import SignInDialog
    from models import store
    from models.company import company
    from models.db import is_postgres
    from models.errors import DomainError
    from models.services.actor import Actor

    if not is_postgres(target) and not Path(target).exists():
        setup = SetupDialog(target, clock)
        if setup.exec() != QDialog.Accepted:
            return None
        if setup.result_mode == "demo":
            return open_demo(target, clock())
        return Actor(setup.owner_name, "owner")
    try:
        store.open_db(target)
    except DomainError as exc:
        QMessageBox.critical(None, "OnTime Dispatch", str(exc))
        return None
    dialog = SignInDialog(company().name, settings)
    return dialog.actor if dialog.exec() == QDialog.Accepted else None


def save_screenshot(window, path: str) -> None:
    """Write the window's picture (ONTIME_SCREENSHOT) so tests and docs can look at it."""
    window.grab().save(path, "PNG")
    print(f"screenshot saved: {path}", flush=True)


def _quit_on_signals(app) -> None:
    """SIGTERM or SIGINT (a logout, Ctrl+C in the terminal) close the app the ordinary way,
    so the demo's folder is removed and the database closed. Python runs its signal handlers
    only between bytecodes, so a timer wakes it now and then from Qt's event loop."""
    import signal

    from PySide6.QtCore import QTimer

    for number in (signal.SIGTERM, signal.SIGINT):  # queued: a quit() before exec() is lost
        signal.signal(number, lambda *_: QTimer.singleShot(0, app.quit))
    heartbeat = QTimer(app)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(250)


def start_app(db: str | None, demo: bool) -> int:
    from PySide6.QtCore import QSettings, QTimer

    from desktop.dialogs.database import chosen_target
    from desktop.main_window import MainWindow
    from models import store
    from models.errors import DomainError

    if demo and not db:  # a look around: everything in a folder removed on exit
        from desktop.demo_session import DemoFolder

        with DemoFolder() as folder:
            return start_app(folder.db_path, demo)
    app = _application()
    settings = QSettings()
    clock = real_clock
    try:
        if demo:
            actor = open_demo(db, clock())
        else:
            actor = sign_in(chosen_target(db, settings), settings, clock)
    except DomainError as exc:  # e.g. --demo aimed at an existing database
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the environment failed (disk, locks): say so and stop
        log.exception("start-up failed")
        print(f"error: could not open the database: {exc}", file=sys.stderr)
        return 2
    if actor is None:
        return 1
    # The demo is a look around: it writes no route sheets or backups into your folders.
    window = MainWindow(actor, clock, settings,
                        db_target=db if demo else chosen_target(db, settings),
                        background_jobs=not demo)
    window.show()
    window.start()
    shot = os.environ.get("ONTIME_SCREENSHOT")
    if shot:
        QTimer.singleShot(int(os.environ.get("ONTIME_SCREENSHOT_DELAY_MS", "1500")),
                          lambda: save_screenshot(window, shot))
    if os.environ.get("ONTIME_QUIT_WHEN_DRAWN"):  # cold-start measurement: draw, then leave
        QTimer.singleShot(0, lambda: (window.board.repaint(), print("board drawn", flush=True),
                                      app.quit()))
    _quit_on_signals(app)
    print("board ready", flush=True)
    try:
        return app.exec()
    finally:
        store.close()
