"""What every command gets: the clock, the company's zone, the acting user."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from dataclasses import dataclass

from models.errors import DomainError


def clock_now() -> dt.datetime:
    """The real clock, unless ONTIME_NOW (an ISO instant with offset) pins it for tests."""
    pinned = os.environ.get("ONTIME_NOW")
    if pinned:
        value = dt.datetime.fromisoformat(pinned.replace("Z", "+00:00"))
        if value.tzinfo is None:
            raise DomainError("ONTIME_NOW needs an offset, e.g. 2026-11-23T18:00:00Z.")
        return value.astimezone(dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def read_password(variable: str, prompt: str) -> str | None:
    value = os.environ.get(variable)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        from models.text import for_terminal

        return getpass.getpass(for_terminal(prompt))  # getpass writes to the tty directly
    return None


@dataclass
class Context:
    target: str
    user: str | None
    now: dt.datetime
    writes: bool
    _actor: object = None

    @property
    def tz(self) -> str:
        from models.company import company_tz

        return company_tz()

    def actor(self):
        """The acting user: checked against its password for commands that change data."""
        if self._actor is None:
            self._actor = self._sign_in()
        return self._actor

    def _sign_in(self):
        from models.services.actor import actor_without_password, authenticate, default_owner

        name = self.user or default_owner()
        if not self.writes:
            return actor_without_password(name)
        password = read_password("ONTIME_PASSWORD", f"Password for {name}: ")
        if not password:
            raise DomainError(f"This command changes data: give {name}'s password in "
                              "ONTIME_PASSWORD or at the prompt.")
        return authenticate(name, password)

    def instant(self, text: str | None):
        from models.timefmt import parse_instant

        return self.now if text is None else parse_instant(text, self.tz)
