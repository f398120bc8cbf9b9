"""Creating, opening and migrating the database file."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from collections.abc import Callable
from pathlib import Path

import peewee

from models import audit
from models.auth import SYSTEM_USER, hash_password
from models.company import set_setting
from models.db import bind, db, is_postgres, make_database, resolve_target, shown, write_tx
from models.errors import DatabaseUnavailable, DomainError
from models.policy import DEFAULT_POLICY, Policy
from models.rules import zone
from models.schema import TABLES, PolicyVersion, Setting, User

SCHEMA_VERSION = 7


def _v2_statistics_indexes(database) -> None:
    """Version 2: the covering indexes the owner's statistics read (SQLite only)."""
    if not isinstance(database, peewee.PostgresqlDatabase):
        from models.reports.indexes import ensure_indexes

        ensure_indexes(database)


def _v3_statistics_summary(database) -> None:
    """Version 3: the per-(day, truck) statistics summary, built from the history, and the
    triggers that mark a day out of date when its facts change."""
    from models.reports import cells

    cells.install(database)


def _v4_reward_memory(database) -> None:
    """Version 4: the tier and value a customer was told of, and goodwill rewards."""
    from models import schema_v4

    schema_v4.upgrade(database)


def _v5_sealed_audit(database) -> None:
    """Version 5: the trail is sealed with a key kept outside the database, and every
    covered table's rows are snapshotted into it (a baseline now, then by triggers)."""
    from models import audit, audit_key, audit_rows

    if Setting.get_or_none(Setting.key == audit_key.DB_ID_KEY) is None:
        install_audit_key(database)
    if Setting.get_or_none(Setting.key == audit.SEALED_FROM_KEY) is None:
        first = (audit._head()[0] or 0) + 1
        Setting.create(key=audit.SEALED_FROM_KEY, value=str(first))
    audit_rows.install(database)
    if isinstance(database, peewee.PostgresqlDatabase):
        from models import audit_server

        audit_server.install(database)
    audit_rows.snapshot_all(database, reason="baseline: the trail covers every row from now on")


def _v6_unassigned_jobs(database) -> None:
    """Version 6: a job may wait without a truck (the board's tray)."""
    from models import schema_v6

    schema_v6.upgrade(database)


def _v7_forecast_state(database) -> None:
    """Version 7: what the forecasts learned from the stamps (a summary, like the cells)."""
    from models import schema_v7

    schema_v7.upgrade(database)


def install_audit_key(database) -> None:
    """Give the database its audit id and a new key (kept outside it, or on a server in a
    table only the administrator can read)."""
    from models import audit_key

    db_id = audit_key.new_db_id()
    Setting.create(key=audit_key.DB_ID_KEY, value=db_id)
    if isinstance(database, peewee.PostgresqlDatabase):
        from models import audit_server

        audit_server.store_key(database, audit_key.create_key_bytes())
    else:
        audit_key.create_key(db_id)


# Each step takes the database from version N-1 to N (index or playhouse.migrate operations).
# A step that changes a covered table's columns must end with audit_rows.install(database).
MIGRATIONS: dict[int, Callable] = {2: _v2_statistics_indexes, 3: _v3_statistics_summary,
                                   4: _v4_reward_memory, 5: _v5_sealed_audit,
                                   6: _v6_unassigned_jobs, 7: _v7_forecast_state}


def open_db(target: str | None = None) -> peewee.Database:
    """Open an existing database (refusing a missing one) and migrate it if it is older."""
    target = resolve_target(target)
    database = make_database(target)
    bind(database)
    try:
        version = schema_version(database, target)
    except DatabaseUnavailable:
        database.close()
        raise
    if version < SCHEMA_VERSION:
        migrate(database, target, version)
    return database


def schema_version(database: peewee.Database, target: str) -> int:
    """The version the bound database says it has. A missing or unknown one (an unfinished
    copy, a crafted file) is refused before anything is done: no copy aside, no migration."""
    from models.settings_check import parse_version, unfinished

    try:
        if not isinstance(database, peewee.PostgresqlDatabase):  # never read through a view
            kind = database.execute_sql(
                "SELECT type FROM sqlite_master WHERE name = 'setting'").fetchone()
            if kind is None or kind[0] != "table":
                raise DatabaseUnavailable(f"{shown(target)} is not an OnTime Dispatch database.")
        row = Setting.get_or_none(Setting.key == "schema_version")
    except peewee.DatabaseError as exc:
        raise DatabaseUnavailable(f"{shown(target)} is not an OnTime Dispatch database.") from exc
    if row is None:
        raise DatabaseUnavailable(unfinished(shown(target)))
    return parse_version(row.value)


def migrate(database: peewee.Database, target: str, version: int) -> None:
    """Bring an older schema up to date, after copying the file aside."""
    if not is_postgres(target):
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        from models.backup import backup_to

        backup_to(Path(f"{target}.before-v{SCHEMA_VERSION}-{stamp}.bak"))
    with write_tx(audit=False):
        upgrade(database, version)


def upgrade(database: peewee.Database, version: int) -> None:
    """The migration steps from ``version`` to today's, inside the caller's transaction."""
    from models import audit

    audit.begin_transaction()  # the trail's own entries and snapshots from here on
    try:
        for step in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[step](database)
        Setting.update(value=str(SCHEMA_VERSION)).where(
            Setting.key == "schema_version").execute()
        audit.seal_pending()
    finally:
        audit.abandon_transaction()


def create_db(target: str | None, *, company: str, tz: str, owner: str, password: str,
              currency: str = "$", policy: Policy = DEFAULT_POLICY,
              now: dt.datetime | None = None) -> peewee.Database:
    """A new, empty database with its company, policy, owner and the built-in system user."""
    target = resolve_target(target)
    if not company.strip():
        raise DomainError("The company needs a name.")
    if not owner.strip() or owner.strip() == SYSTEM_USER:
        raise DomainError("The owner needs a name (not 'system').")
    if len(password) < 6:
        raise DomainError("The owner's password must have at least 6 characters.")
    try:
        zone(tz)
    except Exception:
        raise DomainError(f"'{tz}' is not a time zone; use an IANA name such as "
                          "America/Chicago.") from None
    if not is_postgres(target) and Path(target).exists():
        raise DomainError(f"{target} already exists; 'init' never overwrites a database.")
    policy.validate()
    now = now or dt.datetime.now(dt.timezone.utc)
    database = make_database(target, create=True)
    bind(database)
    if is_postgres(target):
        _require_empty_server_database(database)
    with write_tx(audit=False), _sealing_all():
        create_schema(database)
        audit.begin_transaction()  # every snapshot the triggers write from here is ours
        Setting.create(key="schema_version", value=str(SCHEMA_VERSION))
        Setting.create(key=audit.SEALED_FROM_KEY, value="1")
        install_audit_key(database)
        for key, value in (("company_name", company.strip()), ("tz", tz),
                           ("currency", currency)):
            set_setting(key, value)
        PolicyVersion.create(effective_from=dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc),
                             data=policy.to_json(), created_by=owner.strip())
        User.create(name=SYSTEM_USER, role="system", password_hash=None)
        user = User.create(name=owner.strip(), role="owner",
                           password_hash=hash_password(password))
        audit.record(owner.strip(), "init", "company", 1, new={"company": company.strip(),
                     "tz": tz, "currency": currency}, at=now)
        audit.record(owner.strip(), "create", "user", user.id,
                     new={"name": user.name, "role": "owner"}, at=now)
        audit.record(owner.strip(), "policy", "policy", 1, new=policy.to_json(), at=now)
        audit.seal_pending()
    return database


@contextmanager
def _sealing_all():
    try:
        yield
    finally:
        from models import audit

        audit.abandon_transaction()


def create_schema(database: peewee.Database) -> None:
    """Today's tables, indexes and triggers on the bound, empty ``database`` (no rows): what
    'init' makes, and what schema_check compares a database with."""
    database.create_tables(TABLES)
    if not isinstance(database, peewee.PostgresqlDatabase):
        from models.reports.indexes import ensure_indexes

        ensure_indexes(database)
    from models import audit_rows
    from models.forecast_db import table as forecast_table
    from models.reports import cells

    cells.install(database)
    forecast_table.create_table(database)
    audit_rows.install(database)
    if isinstance(database, peewee.PostgresqlDatabase):
        from models import audit_server

        audit_server.install(database)


def _require_empty_server_database(database) -> None:
    """init prepares an empty server database only: never mixes with another program's."""
    tables = database.get_tables()
    if "setting" in tables:
        raise DomainError("That server database already holds OnTime Dispatch data.")
    if tables:
        shown_tables = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise DomainError(f"That server database is not empty ({len(tables)} table(s): "
                          f"{shown_tables}); prepare OnTime Dispatch in a database of its own.")


def close() -> None:
    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()


def probe(target: str) -> str:
    """The company a database belongs to, without switching to it; refuses what is unusable."""
    database = make_database(target)  # refuses a missing file or an unreachable server
    try:
        row = database.execute_sql(
            "SELECT value FROM setting WHERE key = 'company_name'").fetchone()
    except peewee.DatabaseError as exc:
        raise DatabaseUnavailable(f"{shown(target)} is not an OnTime Dispatch database (prepare a "
                                  "new one with 'init').") from exc
    finally:
        database.close()
    if row is None:
        raise DatabaseUnavailable(f"{shown(target)} has no company yet; prepare it with 'init'.")
    return row[0]
