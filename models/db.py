"""The database handle, the base model and the UTC instant field."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import peewee
from peewee import DatabaseProxy, Model

from models.errors import DatabaseUnavailable

db = DatabaseProxy()

UTC = dt.timezone.utc


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class UtcField(peewee.DateTimeField):
    """An instant: refuses naive values, stores naive UTC, returns aware UTC.

    SQLite would store an offset as text (sorting wrongly across offsets) and PostgreSQL
    would convert to the session zone; storing naive UTC behaves the same on both.
    """

    def db_value(self, value):
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC field")
            value = value.astimezone(UTC).replace(tzinfo=None)
            return value.strftime("%Y-%m-%d %H:%M:%S.%f")
        return value

    def python_value(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def default_path() -> Path:
    """The SQLite file in the user's data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("OnTimeDispatch", "OnTime")) / "ontime.sqlite3"


def resolve_target(target: str | None) -> str:
    """The database to use: the --db value, else ONTIME_DB, else the default file."""
    return target or os.environ.get("ONTIME_DB") or str(default_path())


def is_postgres(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",
    "busy_timeout": 10000,
}


def shown(target: str) -> str:
    """``target`` fit to print: a server URL without its password."""
    if not is_postgres(str(target)):
        return str(target)
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(str(target))
    if parts.password is None:
        return str(target)
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


# A writer waiting for the write lock longer than this gives up (as SQLite's busy timeout):
# a desktop whose network dropped mid-transaction must not stall every other desktop.
PG_LOCK_TIMEOUT = "10s"


def make_database(target: str, *, create: bool = False) -> peewee.Database:
    """A connected database for ``target``; a missing SQLite file is refused unless ``create``."""
    if is_postgres(target):
        from playhouse.db_url import connect

        try:
            database = connect(target, options=f"-c lock_timeout={PG_LOCK_TIMEOUT}")
            database.connect()
        except Exception as exc:  # the driver's own error types vary
            text = str(exc).replace(str(target), shown(target))
            if "does not exist" in text and "database" in text:
                raise DatabaseUnavailable(
                    f"The server has no such database ({text.strip()}); ask whoever runs "
                    "the server to create it, then prepare it with 'init'.") from exc
            raise DatabaseUnavailable(f"Cannot reach the database server: {text}") from exc
        return database
    path = Path(target)
    if not create and not path.exists():
        raise DatabaseUnavailable(
            f"No database at {path}. Create one with 'init' or start the app to set one up."
        )
    if not create and path.is_file() and path.stat().st_size == 0:
        raise DatabaseUnavailable(f"{path} is an empty file, not a database.")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    database = peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=10)
    try:
        database.connect()
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        raise DatabaseUnavailable(f"The database {path} cannot be used: "
                                  f"{_why_unusable(path, exc)}") from exc
    return database


def _why_unusable(path: Path, exc: Exception) -> str:
    """SQLite's words at open are vague ('disk I/O error', 'unable to open'); name the cause."""
    folder = path.parent if path.parent.exists() else Path(".")
    try:
        stats = os.statvfs(folder)
        if stats.f_flag & os.ST_RDONLY:
            return "it is on a read-only disk; nothing was changed"
        if stats.f_bavail * stats.f_frsize < 256 * 1024:
            return "the disk is full; free some space and try again"
    except (OSError, AttributeError):  # no statvfs (Windows): SQLite's own words
        pass
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return "it is read-only for this user (file or folder permissions)"
    return str(exc)


def bind(database: peewee.Database) -> None:
    db.initialize(database)


_turn_files: dict[str, int] = {}
TURN_WAIT = 10.0


@contextmanager
def _writer_turn(path: str):
    """Queue writers of one SQLite file through a lock file next to it.

    SQLite's own busy handler backs off up to 100 ms between tries, so under steady load one
    process can lose every race until its timeout ends ("database is locked"). The kernel
    queues blocked flock() callers, which keeps waits short and even. The blocking call runs
    in a helper thread so a hung holder costs at most TURN_WAIT; then (or if the lock file
    cannot be made, e.g. a read-only folder) SQLite's own locking still guards the data.
    """
    try:
        import fcntl
    except ImportError:  # not a POSIX system: SQLite's locking alone
        yield
        return
    fd = _turn_files.get(path)
    if fd is None:
        try:
            fd = os.open(f"{path}-writer.lock", os.O_RDWR | os.O_CREAT, 0o664)
        except OSError:
            yield
            return
        _turn_files[path] = fd
    held = _take_turn(fcntl, fd)
    try:
        yield
    finally:
        if held:
            fcntl.flock(fd, fcntl.LOCK_UN)


def _take_turn(fcntl, fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    import threading

    got = threading.Event()
    state = {"abandoned": False}
    guard = threading.Lock()

    def wait_in_line() -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with guard:
            if state["abandoned"]:
                fcntl.flock(fd, fcntl.LOCK_UN)
            else:
                got.set()

    threading.Thread(target=wait_in_line, daemon=True, name="sqlite-writer-turn").start()
    if got.wait(TURN_WAIT):
        return True
    with guard:
        if got.is_set():
            return True
        state["abandoned"] = True
    return False


# Any constant: the one advisory lock that serialises writers on PostgreSQL.
PG_WRITE_LOCK = 7_344_201


@contextmanager
def write_tx(audit: bool = True):
    """A write transaction that takes the write lock up front.

    With ``audit`` (always, but while the tables themselves are being made), the audit
    entries it wrote are sealed before it commits (models/audit.py).

    SQLite: BEGIN IMMEDIATE (a deferred transaction that reads and then writes fails at once
    with SQLITE_BUSY_SNAPSHOT, which busy_timeout does not retry). PostgreSQL: a transaction
    advisory lock, so that read-check-write services behave exactly as on SQLite and the
    database's unique constraints are the second line of defence, not the first.
    """
    if isinstance(db.obj, peewee.SqliteDatabase):
        if db.transaction_depth() > 0:
            with db.atomic("IMMEDIATE") as tx:
                yield tx
            return
        try:
            with _writer_turn(db.obj.database), db.atomic("IMMEDIATE") as tx:
                with _sealed(audit):
                    yield tx
        except peewee.OperationalError as exc:
            # On SQLITE_FULL (and some I/O errors) SQLite rolls back by itself; peewee's own
            # ROLLBACK then fails and would hide the real reason.
            cause: BaseException | None = exc
            while cause is not None and "no transaction is active" in str(cause):
                cause = cause.__context__
            if isinstance(cause, sqlite3.Error):
                raise peewee.OperationalError(*cause.args) from None
            if cause is not None and cause is not exc:
                raise cause from None
            raise
        return
    if db.transaction_depth() > 0:  # nested: a savepoint (peewee does not count those)
        with db.atomic() as tx:
            yield tx
        return
    with db.atomic() as tx:
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (PG_WRITE_LOCK,))
        with _sealed(audit):
            yield tx


@contextmanager
def _sealed(audit: bool):
    """Seal the audit entries the transaction wrote, just before it commits."""
    if not audit:
        yield
        return
    from models import audit as trail

    trail.begin_transaction()
    ok = False
    try:
        yield
        ok = True
    finally:
        if ok:
            trail.end_transaction()
        else:
            trail.abandon_transaction()


def reconnect() -> None:
    """Drop the main connection and open it again (after the server went away)."""
    database = db.obj
    try:
        database.close()
    except Exception:  # closing a dead connection may itself fail
        pass
    database.connect(reuse_if_open=True)
    database.execute_sql("SELECT 1")
