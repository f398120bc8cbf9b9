"""What the admin dialogs share: calling a service and showing its refusal in the dialog."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import peewee
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QWidget

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


def pick_list(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    """A read-only table of the things a dialog manages; one row is picked at a time."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table
