"""import-arrivals: stamp many arrivals at once from a crew log or GPS export."""

from __future__ import annotations

HELP = "stamp many arrivals from CSV (external_id or job_id, arrived_at, completed_at)"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("file")
    parser.add_argument("--reason", required=True)


def run(args, ctx) -> int:
    import sys

    from models.arrivals_import import import_arrivals
    from models.company import company

    result = import_arrivals(args.file, args.reason, ctx.actor(), ctx.now)
    for line in result.warnings:
        print(f"warning: {line}", file=sys.stderr)
    print(f"Stamped {result.stamped} arrival(s), corrected {result.corrected}, "
          f"{result.unchanged} already recorded.")
    for event in result.events:
        print(event.message(company().currency))
    return 0
