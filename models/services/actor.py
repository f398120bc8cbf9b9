"""Who is acting: a signed-in user, or the built-in ``system`` user for automatic actions."""

from __future__ import annotations

from dataclasses import dataclass

from models.auth import SYSTEM_USER, verify_password
from models.errors import DomainError, PermissionDenied
from models.schema import User


@dataclass(frozen=True)
class Actor:
    name: str
    role: str

    @property
    def is_owner(self) -> bool:
        return self.role in ("owner", "system")

    def require_owner(self, action: str) -> None:
        if not self.is_owner:
            raise PermissionDenied(f"Only an owner may {action}; {self.name} is a {self.role}.")


SYSTEM = Actor(SYSTEM_USER, "system")


def authenticate(name: str, password: str | None) -> Actor:
    """The user, if the password is right; one message for every failure (no user probing)."""
    user = _find(name, active_only=True)
    if user is None or user.role == "system" or not password or not verify_password(
        password, user.password_hash
    ):
        raise DomainError("Wrong user name or password.")
    return Actor(user.name, user.role)


def actor_without_password(name: str) -> Actor:
    """For read-only commands: the user must exist, no password needed."""
    user = _find(name)
    if user is None:
        raise DomainError(f"There is no user '{name}'.")
    return Actor(user.name, user.role)


def _find(name: str, active_only: bool = False) -> User | None:
    """The user ``name`` means: the same name, else the only one equal ignoring case (NFKC)."""
    from models.names import pick

    users = User.select(User.name, User.active)
    if active_only:
        users = users.where(User.active == True)  # noqa: E712
    found = pick(name or "", [u.name for u in users])
    return None if found is None else User.get_or_none(User.name == found)


def default_owner() -> str:
    user = User.select().where(User.role == "owner").order_by(User.id).first()
    if user is None:
        raise DomainError("This database has no owner.")
    return user.name

