"""Running main.py in a subprocess on a real database, and looking inside that database.

A database is an SQLite file (a Path) or, under ONTIME_TEST_DB=postgres, the URL of a database
on the test cluster (a str); the helpers below (and those of tests/dbview.py) take either.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.dbview import (  # noqa: F401 - the CLI tests take them from here
    Database,
    connect,
    created,
    dump,
    execute,
    is_server,
    query,
    tables,
)

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T18:00:00Z"  # 12:00 in America/Chicago
DAY = "2026-11-23"
PASSWORD = "owner-pass"
DISPATCHER = ("dana", "dispatch-pass")
BOM = b"\xef\xbb\xbf"


def run_cli(*args, db: Database | None = None, env: dict | None = None,
            now: str | None = NOW, password: str | None = PASSWORD,
            timeout: float = 120, program: Sequence[str] = ("main.py",)
            ) -> subprocess.CompletedProcess:
    """``python main.py [--db DB] ARGS`` in the repository root, with a pinned clock.

    ``env`` values of None remove a variable; standard input is never a terminal, so a
    missing password is never prompted for. ``program`` replaces ``main.py`` (e.g. ``-m``
    and a test module that runs a command another way).
    """
    command = [sys.executable, *program]
    if db is not None:
        command += ["--db", str(db)]
    command += [str(a) for a in args]
    full = {k: v for k, v in os.environ.items() if not k.startswith(("ONTIME_", "PG"))}
    full["ONTIME_AUDIT_KEY_DIR"] = os.environ["ONTIME_AUDIT_KEY_DIR"]  # see tests/conftest.py
    full["PYTHONIOENCODING"] = "utf-8"
    if now is not None:
        full["ONTIME_NOW"] = now
    if password is not None:
        full["ONTIME_PASSWORD"] = password
    for key, value in (env or {}).items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    return subprocess.run(command, check=False, cwd=ROOT, env=full, capture_output=True,
                          text=True, encoding="utf-8", stdin=subprocess.DEVNULL,
                          timeout=timeout)


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    """The result, after asserting exit 0 (showing stderr when not)."""
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    return result


def refused(result: subprocess.CompletedProcess, *words: str) -> subprocess.CompletedProcess:
    """Exit 2 with a message on stderr containing each of ``words`` (case-insensitive)."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stderr.strip(), "a refusal must explain itself on stderr"
    assert "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word.lower() in result.stderr.lower(), (word, result.stderr)
    return result


def copy_db(source: Path, target: Path) -> Path:
    """A copy of a closed database file (and its WAL, if one was left behind)."""
    shutil.copy2(source, target)
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{source}{suffix}")
        if extra.exists():
            shutil.copy2(extra, f"{target}{suffix}")
    return target


@contextmanager
def unchanged(db: Database) -> Iterator[None]:
    """Assert that the block leaves the database exactly as it was (every row of every table)."""
    before = dump(db)
    yield
    after = dump(db)
    assert after == before, "the database changed:\n" + _diff(before, after)


def _diff(before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return "\n".join(list(lines)[:40])


def job_id(db: Database, external_id: str) -> int:
    rows = query(db, "SELECT id FROM job WHERE external_id = ?", (external_id,))
    assert rows, f"no job {external_id}"
    return rows[0][0]


def job_status(db: Database, external_id: str | int) -> str:
    column = "id" if isinstance(external_id, int) else "external_id"
    return query(db, f"SELECT status FROM job WHERE {column} = ?", (external_id,))[0][0]


def write_file(path: Path, text: str, *, bom: bool = False, encoding: str = "utf-8") -> Path:
    data = text.encode(encoding)
    path.write_bytes((BOM if bom else b"") + data)
    return path


def write_rows(path: Path, header: Sequence[str], rows: Sequence[Sequence]) -> Path:
    """A CSV file as a spreadsheet would save it (UTF-8, CRLF)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


def parse_table(text: str) -> list[dict[str, str]]:
    """A listing printed without --csv: tab-separated with a header line."""
    lines = [line for line in text.splitlines() if line]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def read_export(path: Path) -> tuple[bytes, list[str], list[dict[str, str]]]:
    """(raw bytes, header, rows) of a CSV export."""
    raw = path.read_bytes()
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    header = next(reader)
    return raw, header, [dict(zip(header, row)) for row in reader]
