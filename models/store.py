"""Creating, opening and migrating the database file."""

from __future__ import annotations

import datetime as dt
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

SCHEMA_VERSION = 4


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


# Each step takes the database from version N-1 to N (index or playhouse.migrate operations).
MIGRATIONS: dict[int, Callable] = {2: _v2_statistics_indexes, 3: _v3_statistics_summary,
                                   4: _v4_reward_memory}


def open_db(target: str | None = None) -> peewee.Database:
    """Open an existing database (refusing a missing one) and migrate it if it is older."""
    target = resolve_target(target)
    database = make_database(target)
    bind(database)
    try:
        version = int(Setting.get(Setting.key == "schema_version").value)
    except (Setting.DoesNotExist, peewee.DatabaseError) as exc:
        database.close()
        raise DatabaseUnavailable(f"{shown(target)} is not an OnTime Dispatch database.") from exc
    if version > SCHEMA_VERSION:
        raise DatabaseUnavailable(
            f"This database was written by a newer OnTime Dispatch (schema {version}); "
            "update the program."
        )
    if version < SCHEMA_VERSION:
        migrate(database, target, version)
    return database


def migrate(database: peewee.Database, target: str, version: int) -> None:
    """Bring an older schema up to date, after copying the file aside."""
    if not is_postgres(target):
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        from models.backup import backup_to

        backup_to(Path(f"{target}.before-v{SCHEMA_VERSION}-{stamp}.bak"))
    with write_tx():
        for step in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[step](database)
        Setting.update(value=str(SCHEMA_VERSION)).where(
            Setting.key == "schema_version").execute()


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
    with write_tx():
        database.create_tables(TABLES)
        if not is_postgres(target):
            from models.reports.indexes import ensure_indexes

            ensure_indexes(database)
        from models.reports import cells

        cells.install(database)
        Setting.create(key="schema_version", value=str(SCHEMA_VERSION))
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
    return database


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
