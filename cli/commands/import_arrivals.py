"""import-arrivals: stamp many arrivals at once from a crew log or GPS export."""

from __future__ import annotations

HELP = ("stamp many arrivals from CSV (external_id or job_id, arrived_at, completed_at); "
        "prints a summary, --log FILE gets one line per row")
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("file")
    parser.add_argument("--reason", required=True)
    parser.add_argument("--log", metavar="FILE",
                        help="write one line per row (what it did, the reward) to FILE")


def run(args, ctx, bulk: bool = True) -> int:
    """``bulk=False`` (tests only) sends every row through the per-row services."""
    import sys

    from models.arrivals_import import import_arrivals
    from models.arrivals_log import LogFile, database_files, summary
    from models.company import company

    log = None
    if args.log:
        log = LogFile(args.log, [*database_files(ctx.target), args.file], company().currency)
    try:
        result = import_arrivals(args.file, args.reason, ctx.actor(), ctx.now, log,
                                 bulk=bulk)
    finally:
        if log is not None:
            log.discard()  # a refused file leaves no half-written log behind
    for line in result.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in summary(result, log.target if log else None):
        print(line)
    return 0
