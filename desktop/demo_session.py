"""The demo's private temporary folder: its database and audit key, all removed on exit.

The demo is a look around. Its database, the database's working files and the audit key
that seals its trail live in one folder of their own, so closing the demo leaves nothing
behind — not in the temporary folder, not in the user's key folder or keyring.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)
# Environment the demo sets for itself (and puts back when it ends).
KEY_DIR = "ONTIME_AUDIT_KEY_DIR"
KEYRING = "PYTHON_KEYRING_BACKEND"
NO_KEYRING = "keyring.backends.fail.Keyring"


class DemoFolder:
    """``with DemoFolder() as folder: ... folder.db_path ...``; the folder goes on exit."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="ontime-demo-"))
        self.db_path = str(self.path / "demo.sqlite3")
        self._saved: dict[str, str | None] = {}

    def __enter__(self) -> "DemoFolder":
        # The key goes into the folder (a file), never into the system keyring, where it
        # would outlive the demo.
        for name, value in ((KEY_DIR, str(self.path / "keys")), (KEYRING, NO_KEYRING)):
            self._saved[name] = os.environ.get(name)
            os.environ[name] = value
        return self

    def __exit__(self, *_exc) -> None:
        self.remove()

    def remove(self) -> None:
        from models import store

        store.close()  # SQLite keeps its -wal and -shm files while a connection is open
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved.clear()
        shutil.rmtree(self.path, ignore_errors=True)
        if self.path.exists():
            log.warning("the demo folder %s could not be removed", self.path)
