"""Fast multi-row inserts for imports and the audit trail (plain executemany, same rules).

peewee's insert_many builds the SQL of every row in Python, which costs more than SQLite's
own work for large imports; here the statement is built once and the driver binds the rows.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

import peewee

from models.db import UtcField, db


def _adapter(field, sqlite: bool):
    """A converter for one column, or None when the driver takes the value as it is.

    Imports repeat the same dates and instants many times, so conversions are memoised.
    """
    if isinstance(field, UtcField):
        return lru_cache(maxsize=4096)(field.db_value)
    if not sqlite:
        return None if isinstance(field, (peewee.CharField, peewee.IntegerField,
                                          peewee.ForeignKeyField)) else field.db_value
    if isinstance(field, peewee.DecimalField):
        return lambda v: None if v is None else str(v)
    if isinstance(field, peewee.DateField):
        return lru_cache(maxsize=4096)(lambda v: None if v is None else v.isoformat())
    if isinstance(field, peewee.BooleanField):
        return lambda v: None if v is None else int(v)
    if isinstance(field, (peewee.CharField, peewee.TextField, peewee.IntegerField,
                          peewee.ForeignKeyField)):
        return None
    return field.db_value


def _convert(rows: list[tuple], adapters: list) -> list[tuple]:
    todo = [(i, a) for i, a in enumerate(adapters) if a is not None]
    if not todo:
        return [tuple(r) for r in rows]
    out = []
    for row in rows:
        row = list(row)
        for i, adapt in todo:
            row[i] = adapt(row[i])
        out.append(tuple(row))
    return out


def insert_rows(model, columns: list[str], rows: list[tuple]) -> list[int]:
    """Insert ``rows`` (values in ``columns`` order); returns the new ids in the same order.

    Call inside a write transaction: on SQLite the ids are read back as the block just below
    the new maximum, which holds because no one else can insert while the lock is held.
    """
    if not rows:
        return []
    fields = [model._meta.fields[c] for c in columns]
    # Columns left out take their model default, as peewee would have filled them in.
    defaults = [f for f in model._meta.sorted_fields
                if f.name not in columns and f is not model._meta.primary_key
                and f.default is not None]
    if defaults:
        extra = tuple(f.default() if callable(f.default) else f.default for f in defaults)
        fields += defaults
        rows = [tuple(row) + extra for row in rows]
    database = db.obj
    sqlite = isinstance(database, peewee.SqliteDatabase)
    adapters = [_adapter(f, sqlite) for f in fields]
    table = model._meta.table_name
    names = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join([database.param] * len(fields))
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
    values = _convert(rows, adapters)
    pk = model._meta.primary_key.column_name
    cursor = database.cursor()
    if sqlite:
        _insert_in_blocks(cursor, f'INSERT INTO "{table}" ({names}) VALUES ', f"({marks})",
                          values)
        last = database.execute_sql(f'SELECT max("{pk}") FROM "{table}"').fetchone()[0]
        return list(range(last - len(rows) + 1, last + 1))
    cursor.executemany(sql + f' RETURNING "{pk}"', values, returning=True)
    ids = []
    while True:
        ids.append(cursor.fetchone()[0])
        if not cursor.nextset():
            return ids


# Bound values one SQLite statement may hold (32,766 since SQLite 3.32, 999 before).
_SQLITE_VALUES = 32_766 if sqlite3.sqlite_version_info >= (3, 32) else 999


def _insert_in_blocks(cursor, head: str, one: str, values: list[tuple]) -> None:
    """Many rows per INSERT statement. A table with triggers (the statistics summary's, see
    models/reports/cell_triggers.py) makes SQLite keep a statement journal of every page a
    statement touches, so one row per statement would copy each index page once per row."""
    width = len(values[0])
    block = max(1, min(1000, _SQLITE_VALUES // width))
    full = head + ", ".join([one] * block)
    for start in range(0, len(values), block):
        chunk = values[start:start + block]
        sql = full if len(chunk) == block else head + ", ".join([one] * len(chunk))
        cursor.execute(sql, [value for row in chunk for value in row])
