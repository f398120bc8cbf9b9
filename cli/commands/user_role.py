"""user-role: make a user an owner or a dispatcher (owner only; the last owner stays)."""

from __future__ import annotations

HELP = "change a user's role (owner only; the last owner cannot be demoted)"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("name")
    parser.add_argument("--role", required=True, choices=["owner", "dispatcher"])


def run(args, ctx) -> int:
    from models.services import users_admin

    actor = ctx.actor()
    users_admin.set_role(users_admin.user_id(args.name), args.role, actor, ctx.now)
    print(f"{args.name} is now a {args.role}.")
    return 0
