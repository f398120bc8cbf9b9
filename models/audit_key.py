"""The secret that seals the audit trail, kept outside the database it seals.

Each database carries a random id (setting ``audit_db_id``); its 32-byte key lives in the
operating system's keyring where one works, else in a file readable only by its owner in the
user's config folder (``audit-keys/<id>.key``). Someone who holds the database file but not
the key cannot recompute the trail's seals after an edit. On a PostgreSQL server the key sits
in a table only the administrator role can read, and the server seals the trail itself
(models/audit_server.py).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from models.errors import DomainError

DB_ID_KEY = "audit_db_id"
KEYRING_SERVICE = "OnTimeDispatch audit key"

# Keys handed over for one database id (restoring a server backup on the server, tests).
_given: dict[str, bytes] = {}


def key_folder() -> Path:
    """Where key files go; ``ONTIME_AUDIT_KEY_DIR`` moves it (tests, a shared admin folder)."""
    import platformdirs

    if os.environ.get("ONTIME_AUDIT_KEY_DIR"):
        return Path(os.environ["ONTIME_AUDIT_KEY_DIR"])
    return Path(platformdirs.user_config_dir("OnTimeDispatch", "OnTime")) / "audit-keys"


def _key_file(db_id: str) -> Path:
    if not db_id.isalnum():
        raise DomainError("The database's audit id is malformed (edited outside the program).")
    return key_folder() / f"{db_id}.key"


def _keyring():
    """The keyring module when a real backend is usable, else None (no Secret Service here)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
    except Exception:  # a broken backend configuration: use the file
        return None
    return keyring


def where_kept() -> str:
    """A sentence for the screen: where this machine keeps audit keys."""
    if _keyring() is not None:
        return "the system keyring"
    return f"a private file in {key_folder()} (no system keyring is available here)"


def new_db_id() -> str:
    return secrets.token_hex(16)


def create_key_bytes() -> bytes:
    return secrets.token_bytes(32)


def create_key(db_id: str) -> bytes:
    """Make and keep a new key for ``db_id``; refuses to replace one that exists."""
    if load_key(db_id) is not None:
        raise DomainError("An audit key for this database already exists.")
    key = create_key_bytes()
    store_key(db_id, key)
    return key


def store_key(db_id: str, key: bytes) -> None:
    """Keep ``key`` for ``db_id`` (a copy of a database shares its original's key)."""
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(KEYRING_SERVICE, db_id, key.hex())
            return
        except Exception:  # a locked or refusing keyring: fall back to the file
            pass
    path = _key_file(db_id)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key.hex().encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def load_key(db_id: str) -> bytes | None:
    if db_id in _given:
        return _given[db_id]
    ring = _keyring()
    if ring is not None:
        try:
            found = ring.get_password(KEYRING_SERVICE, db_id)
        except Exception:
            found = None
        if found:
            return bytes.fromhex(found)
    path = _key_file(db_id)
    try:
        text = path.read_text("ascii").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DomainError(f"Cannot read the audit key {path}: {exc.strerror}.") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise DomainError(f"The audit key file {path} is damaged.") from None
    if len(key) != 32:
        raise DomainError(f"The audit key file {path} is damaged.")
    return key


def load_given(db_id: str) -> bytes | None:
    return _given.get(db_id)


def give(db_id: str, key: bytes) -> None:
    """Use ``key`` for ``db_id`` in this process without keeping it (read from a server)."""
    _given[db_id] = key
