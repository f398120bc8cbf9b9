"""Exports and PDFs never destroy data: not the database, not a backup, not through a symlink.

#12 findings 1, 2 and 9, run as a user would (main.py in a subprocess on a real database).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import (
    DAY,
    ok,
    query,
    read_export,
    refused,
    run_cli,
    unchanged,
    write_rows,
)

RANGE = ("--from", DAY, "--to", DAY)


def _ids(db) -> tuple[int, int]:
    """(a complaint, a reward with a certificate) of the prepared day."""
    complaint = query(db, "SELECT min(id) FROM complaint")[0][0]
    reward = query(db, "SELECT min(id) FROM reward WHERE certificate_code IS NOT NULL")[0][0]
    return complaint, reward


def exports(db, out) -> list[tuple]:
    """Every command that writes a file, aimed at ``out``."""
    complaint, reward = _ids(db)
    return [("jobs", "--date", DAY, "--csv", out), ("rewards", "--csv", out),
            ("complaints", "--csv", out), ("stats", *RANGE, "--by", "truck", "--csv", out),
            ("letter", complaint, "--pdf", out), ("certificate", reward, "--pdf", out),
            ("route-sheets", "--date", DAY, "--pdf", out)]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.sqlite_only
def test_no_command_writes_over_the_database(db):
    before = _digest(db)
    for command in exports(db, db):
        with unchanged(db):
            refused(run_cli(*command, db=db, password=None), "database")
        assert _digest(db) == before, command
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.sqlite_only
@pytest.mark.parametrize("how", ["-wal", "-shm", "-journal", "-writer.lock", "symlink",
                                 "hardlink", "relative"])
def test_no_export_over_the_databases_files_by_any_name(db, tmp_path, how):
    if how == "symlink":
        out = tmp_path / "day.csv"
        out.symlink_to(db)
    elif how == "hardlink":
        out = tmp_path / "day.csv"
        os.link(db, out)
    elif how == "relative":
        out = Path(os.path.relpath(db, Path(__file__).resolve().parents[2]))
    else:
        out = Path(f"{db}{how}")
    existed = out.exists()
    content = out.read_bytes() if existed else None
    before = _digest(db)
    with unchanged(db):
        refused(run_cli("jobs", "--date", DAY, "--csv", out, db=db, password=None),
                "database")
    assert _digest(db) == before
    assert out.exists() == existed and (not existed or out.read_bytes() == content)


@pytest.mark.sqlite_only
def test_no_export_into_the_backup_folder(db):
    folder = Path(db).parent / "backups"  # the default backup folder, beside the database
    folder.mkdir()
    nightly = folder / "ontime-2026-11-22.sqlite3"
    nightly.write_bytes(b"an old backup")
    for out in (nightly, folder / "day.csv"):
        refused(run_cli("jobs", "--date", DAY, "--csv", out, db=db, password=None), "backup")
    assert nightly.read_bytes() == b"an old backup"
    assert sorted(p.name for p in folder.iterdir()) == [nightly.name]


def test_no_export_over_any_sqlite_database(module_db, tmp_path):
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE keep (x)")
    con.execute("INSERT INTO keep VALUES (42)")
    con.commit()
    con.close()
    before = _digest(other)
    for command in exports(module_db, other):
        refused(run_cli(*command, db=module_db, password=None), "database")
    assert _digest(other) == before


def null_device(folder: Path) -> Path:
    """A private copy of /dev/null (same device numbers). Never aim a test at /dev/null
    itself: as root, code that replaces its target would replace the system's /dev/null."""
    node = folder / "null.csv"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return node


@pytest.mark.parametrize("special", ["fifo", "device", "folder"])
def test_special_files_are_refused_at_once(module_db, tmp_path, special):
    if special == "fifo":
        out = tmp_path / "pipe.csv"
        os.mkfifo(out)
    elif special == "folder":
        out = tmp_path
    else:
        out = null_device(tmp_path)
    for command in exports(module_db, out):
        # an open() on a FIFO with no reader would block for ever: the timeout is the test
        result = run_cli(*command, db=module_db, password=None, timeout=60)
        refused(result, "file" if special != "folder" else "folder")
    assert list(tmp_path.iterdir()) == ([] if special == "folder" else [out])
    if special == "device":
        assert stat.S_ISCHR(out.stat().st_mode)


def test_a_planted_symlink_cannot_redirect_an_export(module_db, tmp_path):
    """The old code wrote CSVs through ``NAME.part`` and PDFs through the name itself."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for index, command in enumerate(exports(module_db, None)):
        out = tmp_path / f"out{index}.{'csv' if '--csv' in command else 'pdf'}"
        Path(f"{out}.part").symlink_to(victim)
        command = tuple(out if a is None else a for a in command)
        ok(run_cli(*command, db=module_db, password=None))
        assert victim.read_text() == "precious", command
        assert out.is_file() and not out.is_symlink()
    # a symlink planted at the output name itself is replaced, never written through
    out = tmp_path / "letter.pdf"
    out.symlink_to(victim)
    complaint, _ = _ids(module_db)
    ok(run_cli("letter", complaint, "--pdf", out, db=module_db, password=None))
    assert victim.read_text() == "precious" and not out.is_symlink()
    assert out.read_bytes().startswith(b"%PDF-")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_exports_get_a_normal_mode(module_db, tmp_path):
    out = tmp_path / "day.csv"
    ok(run_cli("jobs", "--date", DAY, "--csv", out, db=module_db, password=None))
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.fixture
def tiny_disk(tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0777", "tmpfs",
                           str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def test_a_full_disk_leaves_no_partial_file(module_db, tiny_disk):
    out = tiny_disk / "out"
    out.write_bytes(b"yesterday's export")  # what was there stays, untouched
    _fill(tiny_disk)
    commands = exports(module_db, out)
    for command in sorted(commands, key=lambda c: "--pdf" not in c):  # the PDFs first
        refused(run_cli(*command, db=module_db, password=None), "nothing was written")
        assert out.read_bytes() == b"yesterday's export", command
        assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler", "out"], command


def test_stats_groups_never_start_a_formula(db, tmp_path):
    hostile = ['=HYPERLINK("http://evil.example","x")', "@SUM(1+1)", "+42", "-7"]
    for name in hostile:
        ok(run_cli("add-truck", name, db=db))
    rows = [[f"Z-{i}", DAY, "07:00", name, f"Customer {i}", "", "", "", "", "", ""]
            for i, name in enumerate(hostile)]
    header = ["external_id", "date", "window_start", "truck", "customer", "phone", "address",
              "service", "price", "duration", "notes"]
    ok(run_cli("import-jobs", write_rows(tmp_path / "z.csv", header, rows), db=db))
    out = tmp_path / "stats.csv"
    ok(run_cli("stats", *RANGE, "--by", "truck", "--csv", out, db=db, password=None))
    _, _, lines = read_export(out)
    groups = [line["group"] for line in lines]
    for name in hostile:
        assert "'" + name in groups, (name, groups)
    assert not any(g.startswith(("=", "+", "-", "@", "\t", "\r")) for g in groups)
