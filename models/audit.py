"""The append-only, sealed audit trail, with its head also kept in settings.

Each entry's seal is an HMAC-SHA-256 over the entry and the seal before it, keyed with a
secret kept outside the database (models/audit_key.py), so editing, adding or removing rows
and then recomputing the chain needs the key as well as the file. Entries written before
schema 5 were chained with plain SHA-256; ``audit_sealed_from`` names the first keyed entry.

Two kinds of entry share the chain: what a service records (who did what, old and new, why)
and a snapshot of every row the transaction changed in the covered tables, written by
triggers (models/audit_rows.py) and sealed here when the transaction ends. ``check``
replays the snapshots against the tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from decimal import Decimal
from typing import Any

from peewee import fn

from models.schema import AuditEntry, Setting

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
SEALED_FROM_KEY = "audit_sealed_from"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat()
    if isinstance(value, (dt.date, dt.time, Decimal)):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    plain = _plain(value)
    if plain is value:
        raise TypeError(f"cannot record {type(value).__name__} in the audit trail")
    return plain


# One encoder for every entry: json.dumps would build a new one per call (a third of the
# cost of a large import's audit entries). The text is the same.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=_json_default)


def to_text(value: Any) -> str:
    if value is None or value == "":
        return ""
    return _ENCODER.encode(value)


def _stamp(at: dt.datetime) -> str:
    return at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")


def entry_hash(prev_hash: str, at: dt.datetime | str, by: str, action: str, entity: str,
               entity_id: str, old: str, new: str, reason: str,
               key: bytes | None = None) -> str:
    """The entry's seal: HMAC-SHA-256 with ``key``; plain SHA-256 for pre-schema-5 rows."""
    stamp = at if isinstance(at, str) else _stamp(at)
    payload = "\x1f".join([prev_hash, stamp, by, action, entity, entity_id, old, new, reason])
    if key is None:
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def fingerprint(digest: str | None = None) -> str:
    """A short form of the chain's head a person can compare (backups, route sheets, logs)."""
    if digest is None:
        digest = _head()[1]
    return f"{digest[:4]}-{digest[4:8]}-{digest[8:12]}".upper()


def _on_server() -> bool:
    import peewee

    return isinstance(AuditEntry._meta.database.obj, peewee.PostgresqlDatabase)


def head_line() -> str:
    """One line to keep apart from the database: where the trail ends and its fingerprint.
    Compare it with a later ``check`` to see that no newest entries were removed."""
    head_id, digest = _head()
    return f"audit trail ends at entry {head_id}, fingerprint {fingerprint(digest)}"


def current_key() -> bytes:
    """The key that seals this database's trail; refuses when it is not on this machine."""
    from models import audit_key
    from models.errors import DomainError

    row = Setting.get_or_none(Setting.key == audit_key.DB_ID_KEY)
    if row is None:
        raise DomainError("This database has no audit id (it was edited outside the program).")
    if _on_server():
        from models import audit_server

        return audit_server.load_key(row.value)
    key = audit_key.load_key(row.value)
    if key is None:
        raise DomainError(
            "The key that seals this database's audit trail is not on this computer, so "
            "nothing can be changed here. Copy it from the computer that made the database "
            f"(see the README, 'Audit key'); this computer keeps keys in {audit_key.where_kept()}.")
    return key


def _head() -> tuple[int, str]:
    row = Setting.get_or_none(Setting.key == HEAD_KEY)
    if row is None:
        return 0, GENESIS
    last_id, digest = row.value.split(":", 1)
    return int(last_id), digest


def _set_head(last_id: int, digest: str) -> None:
    value = f"{last_id}:{digest}"
    # An UPDATE on the one head row also serialises concurrent writers on PostgreSQL.
    if Setting.update(value=value).where(Setting.key == HEAD_KEY).execute() == 0:
        Setting.create(key=HEAD_KEY, value=value)


def record(by: str, action: str, entity: str, entity_id: Any, *, old: Any = None,
           new: Any = None, reason: str = "", at: dt.datetime | None = None) -> int:
    """Append one entry; returns its id. Call inside the write transaction of the change."""
    return record_many([(by, action, entity, entity_id, old, new, reason)], at=at)[-1]


COLUMNS = ["at", "by", "action", "entity", "entity_id", "old", "new", "reason", "prev_hash",
           "hash"]


def record_many(items, at: dt.datetime | None = None) -> list[int]:
    """Append entries (by, action, entity, entity_id, old, new, reason) in one go; their ids."""
    from models.bulk import insert_rows
    from models.live import announce

    items = list(items)
    if not items:
        return []
    at = at or dt.datetime.now(dt.timezone.utc)
    rows = []
    for by, action, entity, entity_id, old, new, reason in items:
        rows.append((at, by, action, entity, str(entity_id), to_text(old), to_text(new),
                     reason or "", "", ""))
    if _on_server():
        from models import audit_server

        ids = audit_server.append(rows)
        _pending.by, _pending.at = items[-1][0], at
        seal_pending(first=None if _pending.since is not None else ids[0])
    else:
        key = current_key()
        ids = insert_rows(AuditEntry, COLUMNS, rows)
        _pending.by, _pending.at = items[-1][0], at
        seal_pending(key=key, first=None if _pending.since is not None else ids[0])
    announce(f"{ids[-1]}:{rows[-1][3]}:{rows[-1][4]}")
    return ids


class _Pending:
    """What the open write transaction may seal: entries after ``since``, acted by ``by``."""

    since: int | None = None
    by: str = "program"
    at: dt.datetime | None = None


_pending = _Pending()


def begin_transaction() -> None:
    """Called by write_tx once it holds the write lock: only entries written from now on
    are this transaction's to seal; an unsealed older one was written outside the program."""
    row = AuditEntry.select(fn.MAX(AuditEntry.id)).scalar()
    _pending.since = row or 0
    _pending.by = "program"
    _pending.at = None


def end_transaction() -> None:
    """Seal what the transaction's triggers wrote (called by write_tx before COMMIT)."""
    if _pending.since is None:
        return
    try:
        if AuditEntry.select().where((AuditEntry.id > _pending.since)
                                     & (AuditEntry.hash == "")).exists():
            seal_pending()
    finally:
        _pending.since = None
        _pending.at = None


def abandon_transaction() -> None:
    _pending.since = None
    _pending.at = None


def seal_pending(key: bytes | None = None, first: int | None = None) -> int:
    """Seal, in id order, the unsealed entries of this transaction; returns how many.

    A row snapshot from a trigger takes who and when from the service entry it belongs to.
    ``first``: an entry recorded outside write_tx seals from its own first id only, never an
    unsealed entry written earlier (an edit made with a database tool stays unsealed).
    """
    since = _pending.since or 0  # outside write_tx (init, migrations): all unsealed is ours
    if first is not None:
        since = first - 1
    if _on_server():
        from models import audit_server

        return audit_server.seal(since, _pending.by, _pending.at)
    key = key or current_key()
    head_id, prev = _head()
    start = max(since, head_id)
    database = AuditEntry._meta.database
    mark = database.param
    # Plain rows, not model instances: a big import seals hundreds of thousands of entries.
    rows = database.execute_sql(
        'SELECT id, "at", "by", action, entity, entity_id, old, new, reason FROM audit_entry '
        f"WHERE id > {mark} AND hash = '' ORDER BY id", (start,))
    times = _Times(_pending.at)
    updates = []
    for row_id, at, by, action, entity, entity_id, old, new, reason in rows:
        if not by:
            by, stored, stamp = _pending.by, *times.pending(at)
        else:
            stored, stamp = times.of(at)
        payload = "\x1f".join([prev, stamp, by, action, entity, entity_id, old, new, reason])
        digest = hmac.digest(key, payload.encode("utf-8"), "sha256").hex()
        updates.append((stored, by, prev, digest, row_id))
        prev = digest
    if not updates:
        return 0
    cursor = database.cursor()
    cursor.executemany(f'UPDATE audit_entry SET "at" = {mark}, "by" = {mark}, '
                       f'prev_hash = {mark}, hash = {mark} WHERE id = {mark}', updates)
    _set_head(updates[-1][-1], prev)
    return len(updates)


class _Times:
    """An entry's time as stored and as sealed, worked out once per distinct time (the
    entries of one change share theirs)."""

    def __init__(self, pending: dt.datetime | None) -> None:
        self._pending = None if pending is None else self._both(pending)
        self._seen: dict = {}

    @staticmethod
    def _both(at) -> tuple[str, str]:
        instant = AuditEntry.at.python_value(at)
        return AuditEntry.at.db_value(instant), _stamp(instant)

    def of(self, at) -> tuple[str, str]:
        both = self._seen.get(at)
        if both is None:
            both = self._seen[at] = self._both(at)
        return both

    def pending(self, at) -> tuple[str, str]:
        """A trigger's snapshot takes the time of the change it belongs to, when known."""
        return self._pending or self.of(at)


def sealed_from() -> int:
    """The first entry sealed with the key (entries before it: plain SHA-256, schema < 5)."""
    row = Setting.get_or_none(Setting.key == SEALED_FROM_KEY)
    try:
        return int(row.value) if row else 1
    except ValueError:
        return 1


def verify_chain() -> list[str]:
    """Findings: every row whose seal or link is wrong, unsealed rows, and a head that does
    not match."""
    from models import audit_key
    from models.errors import DomainError

    findings: list[str] = []
    first_keyed = sealed_from()
    bad: set[int] = set()
    key = None
    if _on_server():  # the server checks the seals: desktop logins cannot read its key
        from models import audit_server

        try:
            bad = set(audit_server.bad_seals(first_keyed))
        except Exception as exc:  # functions missing or refused: say so, don't crash
            return [f"audit trail: the server cannot verify its seals ({exc})"]
    else:
        try:
            key = current_key()
        except DomainError as exc:
            return [f"audit trail: cannot verify its seals: {exc}"]
    prev = GENESIS
    last_id = 0
    cursor = AuditEntry.select().order_by(AuditEntry.id).tuples().iterator()
    fields = AuditEntry._meta.sorted_field_names
    for values in cursor:
        row = dict(zip(fields, values))
        if row["hash"] == "":
            findings.append(f"audit row {row['id']}: was never sealed (written outside the "
                            "program, e.g. by a change made with a database tool)")
            continue
        at = AuditEntry.at.python_value(row["at"])
        if row["prev_hash"] != prev:
            findings.append(f"audit row {row['id']}: does not follow the row before it "
                            "(a row was inserted or deleted)")
        if key is None:
            broken = row["id"] in bad
        else:
            expected = entry_hash(row["prev_hash"], at, row["by"], row["action"],
                                  row["entity"], row["entity_id"], row["old"], row["new"],
                                  row["reason"], key if row["id"] >= first_keyed else None)
            broken = not hmac.compare_digest(expected, row["hash"])
        if broken:
            findings.append(f"audit row {row['id']}: its contents were changed")
        prev = row["hash"]
        last_id = row["id"]
    head_id, head_hash = _head()
    if (head_id, head_hash) != (last_id, prev if last_id else GENESIS):
        findings.append(
            f"audit head: settings say the trail ends at row {head_id}, the table ends at "
            f"row {last_id} (rows were deleted or added outside the program)"
        )
    del audit_key
    return findings
