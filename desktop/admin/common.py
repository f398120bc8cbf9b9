"""What the admin dialogs share: calling a service and showing its refusal in the dialog."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import peewee
from PySide6.QtWidgets import QLabel

from desktop.dialogs.common import show_error
from models.errors import DomainError

log = logging.getLogger(__name__)
T = TypeVar("T")


def attempt(error: QLabel, call: Callable[[], T]) -> tuple[bool, T | None]:
    """Run a service call; on a refusal show its words in ``error`` and return (False, None).

    The services change nothing when they refuse, so the dialog keeps what was typed for the
    person to correct.
    """
    try:
        result = call()
    except DomainError as exc:
        show_error(error, str(exc))
        return False, None
    except (peewee.OperationalError, peewee.InterfaceError) as exc:
        log.warning("admin change not saved: %s", exc)
        show_error(error, f"The database could not be written ({str(exc).splitlines()[0]}); "
                   "nothing was changed. Try again in a moment.")
        return False, None
    show_error(error, "")
    return True, result
