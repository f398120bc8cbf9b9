"""Hearing that another desktop changed something: a hint to re-read, never the truth itself.

PostgreSQL: every write transaction sends NOTIFY (delivered at commit); a listener on its own
connection wakes the app. SQLite: ``PRAGMA data_version`` changes when another connection
commits. Either way the app re-reads the database; a lost hint only delays the refresh until
the next periodic sweep.
"""

from __future__ import annotations

import peewee

from models.db import db

CHANNEL = "ontime_changes"


def announce(payload: str) -> None:
    """Tell other desktops something changed (call inside the write transaction)."""
    if isinstance(db.obj, peewee.PostgresqlDatabase):
        db.execute_sql("SELECT pg_notify(%s, %s)", (CHANNEL, payload))


class SqliteWatcher:
    """Polls SQLite's data_version: different from last time = someone else committed."""

    def __init__(self) -> None:
        self._last = self._version()

    def _version(self) -> int:
        return db.execute_sql("PRAGMA data_version").fetchone()[0]

    def fileno(self) -> int | None:
        return None

    def changed(self) -> bool:
        current = self._version()
        changed, self._last = current != self._last, current
        return changed

    def close(self) -> None:
        pass


class PgListener:
    """A separate autocommit connection that LISTENs; ``fileno()`` for a socket notifier.

    After any (re)connect it listens again and reports a change, because notifications sent
    while it was away are lost.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.conn = None
        self.connect()

    def connect(self) -> None:
        import psycopg

        self.close()
        self.conn = psycopg.connect(self.url, autocommit=True)
        self.conn.execute(f"LISTEN {CHANNEL}")

    def fileno(self) -> int | None:
        return self.conn.fileno() if self.conn is not None else None

    def backend_pid(self) -> int:
        return self.conn.info.backend_pid

    def drain(self) -> list[str]:
        """Payloads received so far, without waiting. Raises if the connection is lost.

        A socket that woke us but carried no notification may be the server hanging up, so
        an empty read is followed by a cheap probe.
        """
        payloads = [n.payload for n in self.conn.notifies(timeout=0)]
        if not payloads:
            self.ping()
        return payloads

    def ping(self) -> None:
        """Raises ConnectionError if the listening connection is gone."""
        import psycopg

        try:
            self.conn.execute("SELECT 1")
        except psycopg.Error as exc:
            raise ConnectionError(str(exc)) from exc

    def changed(self) -> bool:
        return bool(self.drain())

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            finally:
                self.conn = None
