"""import-jobs: import a jobs CSV; all rows or none."""

from __future__ import annotations

HELP = "import jobs from CSV (all rows or none); --create-missing adds unknown trucks"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("file")
    parser.add_argument("--create-missing", action="store_true")


def run(args, ctx) -> int:
    import sys

    from models.importer import import_jobs

    result = import_jobs(args.file, ctx.actor(), ctx.now, args.create_missing)
    for line in result.warnings:
        print(f"warning: {line}", file=sys.stderr)
    print(f"Imported {result.created} new job(s), updated {result.updated}, "
          f"{result.unchanged} unchanged.")
    return 0
