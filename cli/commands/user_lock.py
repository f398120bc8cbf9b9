"""user-lock: stop a user signing in (owner only; never the last owner), or let them again."""

from __future__ import annotations

HELP = "lock a user out (--reason) or --unlock them (owner only)"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("name")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--reason", default=None, help="why they may no longer sign in")
    which.add_argument("--unlock", action="store_true", help="let them sign in again")


def run(args, ctx) -> int:
    from models.services import users_admin

    actor = ctx.actor()
    users_admin.set_active(users_admin.user_id(args.name), args.unlock, args.reason or "",
                           actor, ctx.now)
    print(f"{args.name} {'may sign in again' if args.unlock else 'can no longer sign in'}.")
    return 0
