"""init: create a new, empty database."""

from __future__ import annotations

HELP = "create a new, empty database (owner password from ONTIME_PASSWORD or a prompt)"
WRITES = True
OPENS_DATABASE = False


def add_arguments(parser) -> None:
    parser.add_argument("--company", required=True)
    parser.add_argument("--tz", required=True, help="IANA zone, e.g. America/Chicago")
    parser.add_argument("--owner", required=True)
    parser.add_argument("--currency", default="$")


def run(args, ctx) -> int:
    from cli.context import read_password
    from models import store
    from models.errors import DomainError

    from models.auth import SYSTEM_USER
    from models.names import check_new_user_name

    owner = check_new_user_name(args.owner, [SYSTEM_USER])
    password = read_password("ONTIME_PASSWORD", f"New password for {owner}: ")
    if not password:
        raise DomainError("Give the owner's password in ONTIME_PASSWORD or at the prompt.")
    store.create_db(ctx.target, company=args.company, tz=args.tz, owner=owner,
                    password=password, currency=args.currency, now=ctx.now)
    from models.db import shown

    print(f"Created {shown(ctx.target)} for {args.company} ({args.tz}); owner {owner}.")
    return 0
