"""Consistent copies of the database while it is in use."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee

from models.db import db
from models.errors import DomainError


def backup_to(path: str | Path, force: bool = False) -> Path:
    """Copy the open database to an SQLite file, page by page under SQLite's backup API."""
    from models.csvout import refuse_folder

    target = Path(path)
    if target.is_dir():
        refuse_folder(target)
    if target.exists() and not force:
        raise DomainError(f"{target} already exists; add --force to overwrite it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        _copy_to(partial)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _copy_to(partial: Path) -> None:
    if not isinstance(db.obj, peewee.SqliteDatabase):
        from models.transfer import copy_all

        copy_all(str(partial))  # a server database is copied row by row in one snapshot
        dest = sqlite3.connect(str(partial))
        try:  # the copy was written as a live database (WAL); a backup is one file
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        return
    dest = sqlite3.connect(str(partial))
    try:
        db.obj.connection().backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
        dest.commit()
    finally:
        dest.close()
