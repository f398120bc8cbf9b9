"""Users after the first run (owner only): add, change a role, reset a password, lock.

The owner check is here, in the service, not only in a hidden menu: a dispatcher's call is
refused whatever screen or command it comes from. On a PostgreSQL server a desktop login
outside the owner group cannot write the users table at all (models/server_roles.py); the
server's refusal is turned into words saying so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import peewee

from models import audit
from models.auth import ROLES, SYSTEM_USER, hash_password
from models.db import write_tx
from models.errors import DomainError, NotFound, PermissionDenied
from models.schema import User
from models.services import people
from models.services.actor import Actor

MIN_PASSWORD = 6
SERVER_SAYS_NO = ("The database server does not let this desktop's login change users "
                  "(roles and passwords are kept for the owner group). Ask whoever runs the "
                  "server to run 'server-grant LOGIN --owner' for an owner's login; nothing "
                  "was changed.")


@dataclass(frozen=True)
class UserInfo:
    user_id: int
    name: str
    role: str
    active: bool


def all_users() -> list[UserInfo]:
    """The people who sign in (not the built-in ``system``), by name."""
    rows = User.select().where(User.role != "system").order_by(User.name)
    return [UserInfo(u.id, u.name, u.role, u.active) for u in rows]


@contextmanager
def _server_guard() -> Iterator[None]:
    try:
        yield
    except peewee.DatabaseError as exc:
        text = str(exc).lower()
        if "permission denied" in text or "insufficient" in text or "42501" in text:
            raise PermissionDenied(SERVER_SAYS_NO) from None
        raise


def require_owner_now(actor: Actor, action: str) -> None:
    """The actor is an owner, and still is in the database: an owner who was demoted or
    locked out a moment ago (on this desktop or another) is refused though their window
    still says 'owner'."""
    actor.require_owner(action)
    if actor.role == "system":
        return
    row = User.get_or_none(User.name == actor.name)
    if row is None or row.role != "owner" or not row.active:
        raise PermissionDenied(f"Only an owner may {action}; {actor.name} is no longer an "
                               "owner (sign in again).")


def user_id(name: str) -> int:
    """The id of the user ``name`` means (the same name, else the only one equal ignoring
    case), or a refusal."""
    from models.names import pick

    names = [u.name for u in User.select(User.name).where(User.role != "system")]
    found = pick(name or "", names)
    if found is None:
        raise NotFound(f"There is no user '{name}'.")
    return User.get(User.name == found).id


def _user(user_id: int) -> User:
    user = User.get_or_none(User.id == user_id)
    if user is None or user.role == "system" or user.name == SYSTEM_USER:
        raise NotFound(f"There is no user {user_id} that can be changed.")
    return user


def add_user(name: str, role: str, password: str, actor: Actor, now: dt.datetime) -> int:
    """A new user (the name rules are models/names.py's)."""
    require_owner_now(actor, "add users")
    with _server_guard():
        return people.add_user(name, role, password, actor, now)


def _keep_an_owner(user: User) -> None:
    """Refuse a change that would leave no active owner (no one could manage users then)."""
    if user.role != "owner" or not user.active:
        return
    others = User.select().where((User.role == "owner") & (User.active == True)  # noqa: E712
                                 & (User.id != user.id)).count()
    if others == 0:
        raise DomainError(f"{user.name} is the last owner; make someone else an owner first, "
                          "so that someone can still manage users and the policy. Nothing "
                          "was changed.")


def set_active(user_id: int, active: bool, reason: str, actor: Actor,
               now: dt.datetime) -> None:
    """Let a user sign in again, or not any more (someone who left); the trail keeps their
    name on everything they did."""
    require_owner_now(actor, "lock or unlock a user")
    if not active and not (reason or "").strip():
        raise DomainError("Say why this user may no longer sign in (e.g. left the company).")
    with _server_guard(), write_tx():
        user = _user(user_id)
        if user.active == active:
            return
        if not active:
            _keep_an_owner(user)
        User.update(active=active).where(User.id == user.id).execute()
        audit.record(actor.name, "unlock" if active else "lock", "user", user.id,
                     old={"active": user.active}, new={"active": active},
                     reason=(reason or "").strip(), at=now)


def set_role(user_id: int, role: str, actor: Actor, now: dt.datetime) -> None:
    """Make a user an owner or a dispatcher; the last owner stays an owner."""
    require_owner_now(actor, "change a user's role")
    if role not in ROLES:
        raise DomainError(f"Role must be one of: {', '.join(ROLES)}.")
    with _server_guard(), write_tx():
        user = _user(user_id)
        if user.role == role:
            return
        _keep_an_owner(user)
        User.update(role=role).where(User.id == user.id).execute()
        audit.record(actor.name, "role", "user", user.id, old={"role": user.role},
                     new={"role": role}, at=now)


def reset_password(user_id: int, password: str, actor: Actor, now: dt.datetime) -> None:
    """Give a user a new password (told to them by the owner)."""
    require_owner_now(actor, "reset a password")
    if len(password or "") < MIN_PASSWORD:
        raise DomainError(f"A password needs at least {MIN_PASSWORD} characters.")
    if password != password.strip():
        raise DomainError("A password cannot begin or end with a space (it would be hard "
                          "to tell anyone).")
    with _server_guard(), write_tx():
        user = _user(user_id)
        User.update(password_hash=hash_password(password)).where(User.id == user.id).execute()
        # the trail says that it changed, never the hash itself
        audit.record(actor.name, "password", "user", user.id, new={"password": "reset"},
                     at=now)
