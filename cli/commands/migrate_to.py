"""migrate-to: copy everything, audit trail included, into a new database."""

from __future__ import annotations

HELP = "copy everything, audit trail included, into a new database (e.g. SQLite -> PostgreSQL)"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("target", help="a new SQLite file or an empty postgresql:// database")


def run(args, ctx) -> int:
    from models.db import shown
    from models.transfer import copy_all

    ctx.actor().require_owner("copy the whole database")
    counts = copy_all(args.target)
    print(f"Copied {sum(counts.values())} rows into {shown(args.target)}: "
          + ", ".join(f"{n} {t}" for t, n in counts.items() if n))
    print(f"Check the copy with: main.py --db {shown(args.target)} check")
    return 0
