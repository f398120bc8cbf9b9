"""user-password: give a user a new password (owner only)."""

from __future__ import annotations

HELP = "reset a user's password (owner only); from ONTIME_NEW_PASSWORD or a prompt"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("name")


def run(args, ctx) -> int:
    from cli.context import read_password
    from models.errors import DomainError
    from models.services import users_admin

    actor = ctx.actor()
    actor.require_owner("reset a password")
    user_id = users_admin.user_id(args.name)
    password = read_password("ONTIME_NEW_PASSWORD", f"New password for {args.name}: ")
    if not password:
        raise DomainError("Give the new password in ONTIME_NEW_PASSWORD or at the prompt.")
    users_admin.reset_password(user_id, password, actor, ctx.now)
    print(f"{args.name} has a new password.")
    return 0
