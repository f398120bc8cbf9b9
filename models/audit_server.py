"""The audit key on a PostgreSQL server: in a table of its own, beside the data it seals.

Several desktops share one server database, so its key cannot live on one desktop. The
table is created by the administrator role that owns the tables; ``server-grant`` gives
desktop roles no right on it (models/server_roles.py).
"""

from __future__ import annotations

from models import audit_key
from models.errors import DomainError

TABLE = "audit_key"


def store_key(database, key: bytes) -> None:
    database.execute_sql(f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, "
                         "key bytea NOT NULL)")
    database.execute_sql(f"INSERT INTO {TABLE} (id, key) VALUES (1, %s)", (key,))


def load_key(db_id: str) -> bytes:
    from models.schema import AuditEntry

    given = audit_key.load_given(db_id)
    if given is not None:
        return given
    database = AuditEntry._meta.database.obj
    try:
        with database.atomic():  # a savepoint: a refused read must not spoil the transaction
            row = database.execute_sql(f"SELECT key FROM {TABLE} WHERE id = 1").fetchone()
    except Exception as exc:  # no such table, or no right to read it
        raise DomainError("This login cannot read the server's audit key; ask the server's "
                          f"administrator ({str(exc).splitlines()[0]}).") from None
    if row is None:
        raise DomainError("The server database has no audit key (edited outside the program).")
    return bytes(row[0])
