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


# The server seals its own trail: desktop roles cannot read the key, cannot insert into the
# trail or move its head; they append through these functions, which run with the rights of
# the administrator role that made them (SECURITY DEFINER) and record the login that called.
SERVER_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pgcrypto",
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, key bytea NOT NULL)",
    """
CREATE OR REPLACE FUNCTION ontime_audit_seal_hash(prev text, at_ timestamp, by_ text, r audit_entry, k bytea)
RETURNS text LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
  SELECT CASE WHEN k IS NULL THEN encode(digest(convert_to(p, 'UTF8'), 'sha256'), 'hex')
              ELSE encode(hmac(convert_to(p, 'UTF8'), k, 'sha256'), 'hex') END
  FROM (SELECT concat_ws(E'\\x1f', prev, to_char(at_, 'YYYY-MM-DD"T"HH24:MI:SS.US'), by_,
                         r.action, r.entity, r.entity_id, r.old, r.new, r.reason) AS p) s
$$""",
    """
CREATE OR REPLACE FUNCTION ontime_audit_who(by_ text) RETURNS text LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
  SELECT CASE WHEN pg_has_role(session_user, (SELECT relowner FROM pg_class
                                              WHERE oid = 'audit_entry'::regclass), 'USAGE')
              THEN by_ ELSE by_ || ' (login ' || session_user || ')' END
$$""",
    """
CREATE OR REPLACE FUNCTION ontime_audit_append(ats timestamp[], bys text[], actions text[],
    entities text[], entity_ids text[], olds text[], news text[], reasons text[])
RETURNS SETOF integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY INSERT INTO audit_entry ("at", "by", action, entity, entity_id, old, new, reason,
                                        prev_hash, hash)
    SELECT a, ontime_audit_who(b), c, d, e, f, g, h, '', ''
    FROM unnest(ats, bys, actions, entities, entity_ids, olds, news, reasons) AS u(a, b, c, d, e, f, g, h)
    RETURNING id;
END $$""",
    """
CREATE OR REPLACE FUNCTION ontime_audit_seal(since integer, actor text, actor_at timestamp)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  k bytea; head text; hid integer := 0; prev text := repeat('0', 64);
  r audit_entry; by_ text; at_ timestamp; h text; n integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(7344201);
  SELECT key INTO k FROM audit_key WHERE id = 1;
  SELECT value INTO head FROM setting WHERE key = 'audit_head';
  IF head IS NOT NULL THEN
    hid := split_part(head, ':', 1)::integer; prev := split_part(head, ':', 2);
  END IF;
  FOR r IN SELECT * FROM audit_entry WHERE id > greatest(since, hid) AND hash = '' ORDER BY id LOOP
    by_ := r."by"; at_ := r."at";
    IF by_ = '' THEN by_ := ontime_audit_who(actor); at_ := coalesce(actor_at, r."at"); END IF;
    h := ontime_audit_seal_hash(prev, at_, by_, r, k);
    UPDATE audit_entry SET "by" = by_, "at" = at_, prev_hash = prev, hash = h WHERE id = r.id;
    prev := h; hid := r.id; n := n + 1;
  END LOOP;
  IF n > 0 THEN
    UPDATE setting SET value = hid || ':' || prev WHERE key = 'audit_head';
    IF NOT FOUND THEN INSERT INTO setting (key, value) VALUES ('audit_head', hid || ':' || prev); END IF;
  END IF;
  RETURN n;
END $$""",
    """
CREATE OR REPLACE FUNCTION ontime_audit_bad_seals(keyed_from integer)
RETURNS SETOF integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE k bytea; r audit_entry;
BEGIN
  SELECT key INTO k FROM audit_key WHERE id = 1;
  FOR r IN SELECT * FROM audit_entry WHERE hash <> '' ORDER BY id LOOP
    IF ontime_audit_seal_hash(r.prev_hash, r."at", r."by", r,
                              CASE WHEN r.id >= keyed_from THEN k END) <> r.hash THEN
      RETURN NEXT r.id;
    END IF;
  END LOOP;
END $$""",
    """
CREATE OR REPLACE FUNCTION ontime_guard_setting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE k text := CASE WHEN TG_OP = 'DELETE' THEN OLD.key ELSE NEW.key END;
BEGIN
  IF k IN ('audit_head', 'audit_db_id', 'audit_sealed_from', 'schema_version')
     AND NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
    RAISE EXCEPTION USING MESSAGE = 'The setting ' || k || ' is kept by the server.',
                          ERRCODE = '42501';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$""",
    "DROP TRIGGER IF EXISTS guard_setting ON setting",
    "CREATE TRIGGER guard_setting BEFORE INSERT OR UPDATE OR DELETE ON setting "
    "FOR EACH ROW EXECUTE FUNCTION ontime_guard_setting()",
    """
CREATE OR REPLACE FUNCTION ontime_guard_reward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('issued', 'redeemed')
     AND (NEW.status = 'void' OR coalesce(NEW.tier, 0) < coalesce(OLD.tier, 0)
          OR NEW.value < OLD.value)
     AND NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
     AND NOT (EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ontime_owners')
              AND pg_has_role(session_user, 'ontime_owners', 'MEMBER')) THEN
    RAISE EXCEPTION 'Only an owner may lower or void an issued reward (this server login is not in ontime_owners).'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$""",
    "DROP TRIGGER IF EXISTS guard_reward ON reward",
    "CREATE TRIGGER guard_reward BEFORE UPDATE ON reward FOR EACH ROW "
    "EXECUTE FUNCTION ontime_guard_reward()",
]


def install(database) -> None:
    """The server-side sealing functions and guards (run by the role that owns the tables)."""
    for sql in SERVER_SQL:
        database.execute_sql(sql)
    database.execute_sql("ALTER FUNCTION ontime_audit_row() SECURITY DEFINER")


def append(rows: list[tuple]) -> list[int]:
    """Insert unsealed entries through the server; their ids in order."""
    from models.schema import AuditEntry

    database = AuditEntry._meta.database
    columns = list(zip(*rows))
    ats = [AuditEntry.at.db_value(a) for a in columns[0]]
    cursor = database.execute_sql(
        "SELECT * FROM ontime_audit_append(%s::timestamp[], %s, %s, %s, %s, %s, %s, %s)",
        (ats, *[list(c) for c in columns[1:8]]))
    return [row[0] for row in cursor.fetchall()]


def seal(since: int, by: str, at) -> int:
    from models.schema import AuditEntry

    database = AuditEntry._meta.database
    stamp = AuditEntry.at.db_value(at) if at is not None else None
    return database.execute_sql("SELECT ontime_audit_seal(%s, %s, %s::timestamp)",
                                (since, by, stamp)).fetchone()[0]


def bad_seals(keyed_from: int) -> list[int]:
    from models.schema import AuditEntry

    database = AuditEntry._meta.database
    return [r[0] for r in database.execute_sql("SELECT * FROM ontime_audit_bad_seals(%s)",
                                                (keyed_from,)).fetchall()]
