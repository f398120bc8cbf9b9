"""Hearing other desktops: wakes the board when the database changed, and watches the server.

Signals:
    changed: another desktop (or process) committed something; re-read.
    connection_lost(str): the server went away; the board stays readable, actions are refused.
    connection_restored: back again (after listening anew); re-read everything.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from models.db import is_postgres, reconnect
from models.live import PgListener, SqliteWatcher

POLL_MS = 500  # SQLite's data_version is cheap to read
PING_MS = 5000  # a quiet server is still checked, so a dead link shows within seconds
BACKOFF_MS = (500, 1000, 2000, 5000, 10000, 30000)


class LiveLink(QObject):
    changed = Signal()
    connection_lost = Signal(str)
    connection_restored = Signal()

    def __init__(self, target: str, parent: QObject | None = None, *,
                 ping_ms: int = PING_MS) -> None:
        super().__init__(parent)
        self.target = target
        self.ping_ms = ping_ms
        self.online = True
        self._watcher = None
        self._notifier: QSocketNotifier | None = None
        self._attempt = 0
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.on_poll)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.on_retry)

    def start(self) -> None:
        if is_postgres(self.target):
            self._listen()
            self._poll.start(self.ping_ms)
        else:
            self._watcher = SqliteWatcher()
            self._poll.start(POLL_MS)

    def stop(self) -> None:
        self._poll.stop()
        self._retry.stop()
        self._drop_notifier()
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

    def _listen(self) -> None:
        self._watcher = PgListener(self.target)
        self._notifier = QSocketNotifier(self._watcher.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_readable)

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def on_readable(self, *_args) -> None:
        self._check()

    def on_poll(self) -> None:
        if self.online:
            self._check()

    def _check(self) -> None:
        try:
            if self._watcher is not None and self._watcher.changed():
                self.changed.emit()
        except Exception as exc:  # the driver's errors differ; any of them means "gone"
            self._lost(str(exc))

    def _lost(self, why: str) -> None:
        if not self.online:
            return
        self.online = False
        self._drop_notifier()
        if self._watcher is not None:
            try:
                self._watcher.close()
            except Exception:
                pass
            self._watcher = None
        self._attempt = 0
        self.connection_lost.emit(why.splitlines()[0] if why else "connection lost")
        self._retry.start(BACKOFF_MS[0])

    def on_retry(self) -> None:
        try:
            reconnect()
            self._listen()
        except Exception:
            self._attempt += 1
            self._retry.start(BACKOFF_MS[min(self._attempt, len(BACKOFF_MS) - 1)])
            return
        self.online = True
        self.connection_restored.emit()
        self.changed.emit()  # hints sent while away are lost: re-read everything
