"""Exceptions whose text is fit to show a user."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the user can act on: bad input, a rule, a permission. Nothing was changed."""


class NotFound(DomainError):
    """The named job, reward, complaint, truck or user does not exist."""


class PermissionDenied(DomainError):
    """The signed-in user's role does not allow the action."""


class DatabaseUnavailable(DomainError):
    """The database is missing, locked, read-only, full or damaged."""


class ConflictError(DomainError):
    """Someone else changed the record since it was read."""
