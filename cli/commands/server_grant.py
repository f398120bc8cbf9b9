"""server-grant: give a PostgreSQL login role exactly the rights a desktop needs."""

from __future__ import annotations

HELP = ("PostgreSQL only: grant a login role what a desktop needs (no DROP, no audit writes; "
        "--owner puts it in the owner group)")
WRITES = True
EVALUATES = False


def add_arguments(parser) -> None:
    parser.add_argument("role")
    parser.add_argument("--print", action="store_true", help="only print the SQL")
    parser.add_argument("--owner", action="store_true",
                        help="the role may do what only owners may (users, policy, voiding)")


def run(args, ctx) -> int:
    from models.server_roles import grant_app_role, grant_statements

    if args.print:
        print(";\n".join(grant_statements(args.role, args.owner)) + ";")
        return 0
    ctx.actor().require_owner("change the server's roles")
    for sql in grant_app_role(args.role, args.owner):
        print(sql + ";")
    return 0
