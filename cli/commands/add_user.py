"""add-user: add an owner or dispatcher (owner only)."""

from __future__ import annotations

HELP = "add a user (owner only); password from ONTIME_NEW_PASSWORD or a prompt"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("name")
    parser.add_argument("--role", required=True, choices=["owner", "dispatcher"])


def run(args, ctx) -> int:
    from cli.context import read_password
    from models.errors import DomainError
    from models.services import people

    actor = ctx.actor()
    actor.require_owner("add users")
    password = read_password("ONTIME_NEW_PASSWORD", f"Password for the new user {args.name}: ")
    if not password:
        raise DomainError("Give the new user's password in ONTIME_NEW_PASSWORD or at the "
                          "prompt.")
    user_id = people.add_user(args.name, args.role, password, actor, ctx.now)
    print(f"Added {args.role} {args.name} (user {user_id}).")
    return 0
