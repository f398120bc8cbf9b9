"""server-grant: give a PostgreSQL login role exactly the rights a desktop needs."""

from __future__ import annotations

HELP = "PostgreSQL only: grant a login role what a desktop needs (no DROP, audit append-only)"
WRITES = True
EVALUATES = False


def add_arguments(parser) -> None:
    parser.add_argument("role")
    parser.add_argument("--print", action="store_true", help="only print the SQL")


def run(args, ctx) -> int:
    from models.server_roles import grant_app_role, grant_statements

    if args.print:
        print(";\n".join(grant_statements(args.role)) + ";")
        return 0
    ctx.actor().require_owner("change the server's roles")
    for sql in grant_app_role(args.role):
        print(sql + ";")
    return 0
