"""A throwaway PostgreSQL cluster on 127.0.0.1 for the tests (started once per session)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def available() -> bool:
    return _bin("initdb") is not None and _bin("pg_ctl") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """initdb + pg_ctl start as the ``postgres`` user when run as root; stop() removes it."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="ontime-pg-"))
        self.port = _free_port()
        self.data = self.root / "data"
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> Cluster:
        if self.user:
            shutil.chown(self.root, self.user)
        os.chmod(self.root, 0o755)
        self._run(_bin("initdb"), "-D", str(self.data), "-A", "trust", "-E", "UTF8",
                  "-U", "postgres", "--no-sync")
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-o", opts, "-l",
                  str(self.root / "log"), "-w", "start")
        return self

    def stop(self) -> None:
        try:
            self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def admin_url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        return self._create("template0")

    def clone_database(self, source: str) -> str:
        """A new database holding exactly what ``source`` (a name or URL) holds; its URL.

        PostgreSQL copies a database only while nobody is connected to it, so any session
        still on the source (one just closed by a client may linger a moment) is ended first.
        """
        import psycopg

        name = _name_of(source)
        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        return self._create(name)

    def drop_database(self, database: str) -> None:
        """Remove a database (a name or URL), ending any session still on it."""
        import psycopg

        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{_name_of(database)}" WITH (FORCE)')

    def _create(self, template: str) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.admin_url(name)


def _name_of(database: str) -> str:
    """The database name of a URL (``postgresql://...:port/NAME``), or a bare name."""
    return database.rsplit("/", 1)[-1]
