"""Row snapshots: every change to a table that holds money, promises or power, in the trail.

Triggers on each covered table append the whole new row (or its removal) to the audit trail,
whoever makes the change: a service, an import, undo, or a person with a database tool. The
program seals these entries when its transaction ends (models/audit.py); a change made
outside the program leaves an unsealed entry, or — with the triggers dropped — a row that no
longer matches its last snapshot. ``replay`` folds the snapshots into the state they imply
and compares it with every row.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation

import peewee

from models.schema import (
    Complaint,
    ComplaintStep,
    Customer,
    FollowUp,
    Job,
    PolicyVersion,
    Reward,
    Setting,
    Stamp,
    Truck,
    User,
)

COVERED = [User, Truck, Customer, Job, Stamp, Reward, Complaint, ComplaintStep, FollowUp,
           PolicyVersion, Setting]
# Settings the program rewrites on its own all the time, which are no promise to anyone: the
# trail's own head, and how far the live guarantee sweep has looked.
VOLATILE_SETTINGS = ("audit_head", "live_swept_until")
ROW = "row"
GONE = "row-gone"


def entity(model) -> str:
    return f"row:{model._meta.table_name}"


def _pk(model) -> str:
    return model._meta.primary_key.column_name


def _where(model, alias: str) -> str:
    if model is Setting:
        quoted = ", ".join(f"'{k}'" for k in VOLATILE_SETTINGS)
        return f"WHEN {alias}.key NOT IN ({quoted}) "
    return ""


def sqlite_triggers(model) -> list[str]:
    table = model._meta.table_name
    columns = [f.column_name for f in model._meta.sorted_fields]
    snapshot = "json_object(" + ", ".join(f"'{c}', NEW.\"{c}\"" for c in columns) + ")"
    insert = ('INSERT INTO audit_entry ("at", "by", action, entity, entity_id, old, new, reason, '
              "prev_hash, hash) VALUES (strftime('%Y-%m-%d %H:%M:%f', 'now'), '', ")
    pk = _pk(model)
    made = []
    for event, name, alias, action, body in (
            ("INSERT", "ins", "NEW", ROW, snapshot),
            ("UPDATE", "upd", "NEW", ROW, snapshot),
            ("DELETE", "del", "OLD", GONE, "''")):
        made.append(
            f'CREATE TRIGGER audit_row_{table}_{name} AFTER {event} ON "{table}" '
            f"FOR EACH ROW {_where(model, alias)}BEGIN {insert}'{action}', '{entity(model)}', "
            f"CAST({alias}.\"{pk}\" AS TEXT), '', {body}, '', '', ''); END")
    return made


PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ontime_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  snap text := '';
  act text := 'row';
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; act := 'row-gone'; ELSE r := NEW; snap := row_to_json(NEW)::text; END IF;
  IF TG_TABLE_NAME = 'setting' AND (to_jsonb(r)->>'key') IN ('audit_head', 'live_swept_until') THEN
    RETURN NULL;
  END IF;
  INSERT INTO audit_entry ("at", "by", action, entity, entity_id, old, new, reason, prev_hash, hash)
  VALUES (clock_timestamp() AT TIME ZONE 'UTC', '', act, 'row:' || TG_TABLE_NAME,
          COALESCE(to_jsonb(r)->>'id', to_jsonb(r)->>'key'), '', snap, '', '', '');
  RETURN NULL;
END $$
"""


def pg_triggers(model) -> list[str]:
    table = model._meta.table_name
    return [f'DROP TRIGGER IF EXISTS audit_row_{table} ON "{table}"',
            f'CREATE TRIGGER audit_row_{table} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION ontime_audit_row()"]


def install(database) -> None:
    """(Re)create the snapshot triggers; run after every schema change to the covered tables."""
    if isinstance(database, peewee.PostgresqlDatabase):
        database.execute_sql(PG_FUNCTION)
        for model in COVERED:
            for sql in pg_triggers(model):
                database.execute_sql(sql)
        return
    for model in COVERED:
        table = model._meta.table_name
        for name in ("ins", "upd", "del"):
            database.execute_sql(f"DROP TRIGGER IF EXISTS audit_row_{table}_{name}")
        for sql in sqlite_triggers(model):
            database.execute_sql(sql)


def snapshot_all(database, *, reason: str) -> None:
    """Write a snapshot of every covered row (a new trail's baseline, or after a migration)."""
    from models import audit

    for model in COVERED:
        rows = model.select().order_by(model._meta.primary_key)
        if model is Setting:
            rows = rows.where(Setting.key.not_in(VOLATILE_SETTINGS))
        items = [("system", ROW, entity(model), getattr(row, _pk_name(model)), None,
                  _plain_row(model, row), reason) for row in rows]
        for start in range(0, len(items), 5000):
            audit.record_many(items[start:start + 5000])


def _pk_name(model) -> str:
    return model._meta.primary_key.name


def _plain_row(model, row) -> dict:
    return {f.column_name: _canon(f, getattr(row, f.name if not isinstance(
        f, peewee.ForeignKeyField) else f"{f.name}_id")) for f in model._meta.sorted_fields}


def _canon(field, value):
    """A column's value in one form, whichever database or JSON it came from."""
    if value is None:
        return None
    if isinstance(field, peewee.BooleanField):
        return bool(value)
    if isinstance(field, peewee.DecimalField):
        try:
            return str(Decimal(str(value)).quantize(Decimal("0.01")))
        except InvalidOperation:
            return str(value)
    if isinstance(field, peewee.DateTimeField):
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    if isinstance(field, peewee.DateField):
        return str(value)[:10]
    if isinstance(field, (peewee.IntegerField, peewee.ForeignKeyField, peewee.AutoField)):
        try:
            return int(value)
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _expected(model) -> tuple[dict[str, dict | None], list[str]]:
    """The last snapshot of each row the trail knows (None: recorded as removed)."""
    from models.schema import AuditEntry

    fields = {f.column_name: f for f in model._meta.sorted_fields}
    state: dict[str, dict | None] = {}
    findings = []
    rows = (AuditEntry.select(AuditEntry.id, AuditEntry.entity_id, AuditEntry.action,
                              AuditEntry.new)
            .where((AuditEntry.entity == entity(model)) & (AuditEntry.hash != ""))
            .order_by(AuditEntry.id).tuples())
    for audit_id, entity_id, action, new in rows:
        if action == GONE:
            state[entity_id] = None
            continue
        try:
            values = json.loads(new)
        except ValueError:
            findings.append(f"audit row {audit_id}: its snapshot of {model._meta.table_name} "
                            f"'{entity_id}' cannot be read")
            continue
        state[entity_id] = {c: _canon(fields[c], v) for c, v in values.items() if c in fields}
    return state, findings


def replay(model) -> list[str]:
    """Rows that differ from, are missing from, or are unknown to the audit trail."""
    name = model._meta.table_name
    expected, findings = _expected(model)
    seen: set[str] = set()
    query = model.select().order_by(model._meta.primary_key)
    if model is Setting:
        query = query.where(Setting.key.not_in(VOLATILE_SETTINGS))
    for row in query:
        key = str(getattr(row, _pk_name(model)))
        seen.add(key)
        want = expected.get(key)
        label = f"{name} {key}" if model is not Setting else f"setting '{key}'"
        if want is None:
            findings.append(f"{label}: has no audit row (added or brought back outside the "
                            "program)")
            continue
        have = _plain_row(model, row)
        changed = sorted(c for c in have if c in want and have[c] != want[c])
        if changed:
            verb = "differs" if len(changed) == 1 else "differ"
            findings.append(f"{label}: its {', '.join(changed)} {verb} from the audit trail "
                            "(changed outside the program)")
    for key, want in expected.items():
        if want is not None and key not in seen:
            label = f"{name} {key}" if model is not Setting else f"setting '{key}'"
            findings.append(f"{label}: the audit trail records it, but the row is gone "
                            "(deleted outside the program)")
    return findings


def replay_all() -> list[str]:
    findings: list[str] = []
    for model in COVERED:
        findings += replay(model)
    return findings
