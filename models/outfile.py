"""Writing an export (CSV or PDF) safely: never over the database, always all or nothing."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from models.errors import DomainError

SQLITE_MAGIC = b"SQLite format 3\x00"
COMPANIONS = ("", "-wal", "-shm", "-journal", "-writer.lock")
T = TypeVar("T")


def _open_database_file() -> str | None:
    """The SQLite file the program has open, if any (a server database has no file here)."""
    from models.db import db

    database = getattr(db, "obj", None)
    name = getattr(database, "database", None)
    if database is None or type(database).__name__ != "SqliteDatabase" or not name:
        return None
    return None if str(name) == ":memory:" else str(name)


def _backup_folder(db_file: str | None) -> Path | None:
    """Where the nightly backups go (from the settings), or None when it cannot be told."""
    try:
        from models.backup_schedule import current_settings, default_folder

        if db_file is None:
            return default_folder("postgresql://") if _server_open() else None
        return current_settings(db_file).folder
    except Exception:  # no database open, or no settings table yet: nothing to protect there
        return None


def _server_open() -> bool:
    from models.db import db

    return getattr(db, "obj", None) is not None and _open_database_file() is None


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _database_names(db_file: str) -> list[Path]:
    names = []
    for base in {db_file, os.path.realpath(db_file)}:
        names += [Path(base + suffix) for suffix in COMPANIONS]
    return names


def check_target(path: str | Path, db_file: str | None = None) -> Path:
    """``path`` if an export may be written there; else a refusal that changes nothing.

    Refused: a folder, a missing folder, a special file (FIFO, device, socket), the open
    database or one of its companion files (by name, through a symlink or a hard link), any
    file in the backup folder, and any existing SQLite database.
    """
    target = Path(path)
    if str(path).strip() == "":
        raise DomainError("Give a file name to write to.")
    db_file = db_file if db_file is not None else _open_database_file()
    if db_file is not None:
        real = os.path.realpath(target)
        for name in _database_names(db_file):
            if real == os.path.realpath(name) or _same(target, name):
                raise DomainError(f"{target} is the database itself (or one of its working "
                                  "files); choose another file name for the export.")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise DomainError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise DomainError(f"{target} is a folder; give a file name to write to.")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise DomainError(f"{target} is not an ordinary file (a pipe, device or socket); "
                          "give the name of a file to write to.")
    folder = Path(os.path.realpath(target)).parent
    if not folder.is_dir():
        raise DomainError(f"The folder {target.parent} does not exist.")
    backups = _backup_folder(db_file)
    if backups is not None and folder.is_relative_to(os.path.realpath(backups)):
        raise DomainError(f"{target} is in the backup folder ({backups}); exports go "
                          "elsewhere, so that no backup can be overwritten.")
    if info is not None and _is_sqlite(target):
        raise DomainError(f"{target} is an SQLite database; an export never replaces a "
                          "database. Choose another file name.")
    return target


def _is_sqlite(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return os.read(fd, len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False
    finally:
        os.close(fd)


def _normal_mode() -> int:
    """0o666 less the process's umask (what a plain open() would have given the file)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_safely(path: str | Path, write: Callable[[int], T],
                 verify: Callable[[Path], None] | None = None) -> T:
    """Call ``write(fd)`` on a fresh temporary file beside ``path``, then put it in place.

    The temporary file has a random name and is created exclusively (a planted symlink
    cannot redirect it), is flushed to disk, optionally checked by ``verify(tmp)``, and only
    then renamed over ``path``. Any failure removes it and leaves ``path`` as it was.
    """
    target = check_target(path)
    folder = Path(os.path.realpath(target)).parent
    tmp = folder / f".{target.name[:80]}.{secrets.token_hex(8)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                 0o600)
    try:
        try:
            result = write(fd)
            os.fsync(fd)
        finally:
            os.close(fd)
        if verify is not None:
            verify(tmp)
        os.chmod(tmp, _normal_mode())
        check_target(target)  # nothing became the database meanwhile
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise DomainError(f"Cannot write {target}: {exc.strerror or exc}. Nothing was "
                          "written.") from None
    except BaseException:
        _remove(tmp)
        raise
    _sync_folder(folder)
    return result


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_bytes(path: str | Path, data: bytes,
                verify: Callable[[Path], None] | None = None) -> None:
    write_safely(path, lambda fd: write_all(fd, data), verify)


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the file itself was synced
    finally:
        os.close(fd)


def check_pdf(path: Path) -> None:
    """A PDF that a reader will open: not empty, starts with %PDF-, ends with %%EOF."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        head = handle.read(5)
        handle.seek(max(size - 64, 0))
        tail = handle.read().rstrip()
    if size == 0 or head != b"%PDF-" or not tail.endswith(b"%%EOF"):
        raise DomainError(f"The PDF for {path.name.split('.tmp')[0].lstrip('.')} came out "
                          "incomplete (is the disk full?); nothing was written.")


def write_pdf_bytes(path: str | Path, data: bytes) -> None:
    """Put a finished PDF in place, after checking both the bytes and the file on disk."""
    if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
        raise DomainError("The PDF could not be produced completely; nothing was written.")
    write_bytes(path, data, check_pdf)
