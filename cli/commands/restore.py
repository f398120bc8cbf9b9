"""restore: check a backup, then replace the database with it (owner only)."""

from __future__ import annotations

HELP = "check a backup, then replace the database with it (owner only; keeps a copy)"
WRITES = True
OPENS_DATABASE = False  # a damaged database must still be restorable: restore opens it


def add_arguments(parser) -> None:
    parser.add_argument("file", help="the backup file (made by 'backup' or the nightly backup)")


def run(args, ctx) -> int:
    from models.restore import restore_database

    result = restore_database(args.file, ctx.target, ctx.actor, ctx.now)
    print(f"Restored {args.file}: {result.jobs} job(s), {result.stamps} stamp(s).")
    if result.replaced_copy is not None:
        print(f"The database it replaced was kept as {result.replaced_copy}.")
    return 0
