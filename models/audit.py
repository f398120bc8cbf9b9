"""The append-only, hash-chained audit trail, with its head also kept in settings."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from models.schema import AuditEntry, Setting

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


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
               entity_id: str, old: str, new: str, reason: str) -> str:
    stamp = at if isinstance(at, str) else _stamp(at)
    payload = "\x1f".join([prev_hash, stamp, by, action, entity, entity_id, old, new, reason])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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
    _, prev = _head()
    rows = []
    stamp = _stamp(at)
    for by, action, entity, entity_id, old, new, reason in items:
        old_t, new_t = to_text(old), to_text(new)
        digest = entry_hash(prev, stamp, by, action, entity, str(entity_id), old_t, new_t,
                            reason or "")
        rows.append((at, by, action, entity, str(entity_id), old_t, new_t, reason or "", prev,
                     digest))
        prev = digest
    ids = insert_rows(AuditEntry, COLUMNS, rows)
    _set_head(ids[-1], prev)
    announce(f"{ids[-1]}:{rows[-1][3]}:{rows[-1][4]}")
    return ids


def verify_chain() -> list[str]:
    """Findings: every row whose hash or link is wrong, and a head that does not match."""
    findings: list[str] = []
    prev = GENESIS
    last_id = 0
    cursor = AuditEntry.select().order_by(AuditEntry.id).tuples().iterator()
    fields = AuditEntry._meta.sorted_field_names
    for values in cursor:
        row = dict(zip(fields, values))
        at = AuditEntry.at.python_value(row["at"])
        if row["prev_hash"] != prev:
            findings.append(f"audit row {row['id']}: does not follow the row before it "
                            "(a row was inserted or deleted)")
        expected = entry_hash(row["prev_hash"], at, row["by"], row["action"], row["entity"],
                              row["entity_id"], row["old"], row["new"], row["reason"])
        if expected != row["hash"]:
            findings.append(f"audit row {row['id']}: its contents were changed")
        prev = row["hash"]
        last_id = row["id"]
    head_id, head_hash = _head()
    if (head_id, head_hash) != (last_id, prev if last_id else GENESIS):
        findings.append(
            f"audit head: settings say the trail ends at row {head_id}, the table ends at "
            f"row {last_id} (rows were deleted or added outside the program)"
        )
    return findings
