"""backup: a consistent copy while the database is in use, as an SQLite file."""

from __future__ import annotations

HELP = "a consistent copy while in use, as an SQLite file; --force to overwrite"
WRITES = False
EVALUATES = False


def add_arguments(parser) -> None:
    parser.add_argument("file")
    parser.add_argument("--force", action="store_true")


def run(args, ctx) -> int:
    from models.audit import head_line
    from models.backup import backup_to

    target = backup_to(args.file, args.force)
    print(f"Backed up to {target}.")
    print(f"Keep this line apart from the database: {head_line()}.")
    return 0
