"""durations: booked against real durations and travel, by service and truck."""

from __future__ import annotations

HELP = "booked against real durations and travel, with a suggested booking per service"
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("--from", dest="start", default=None)
    parser.add_argument("--to", dest="end", default=None)
    parser.add_argument("--csv", default=None)


def run(args, ctx) -> int:
    from cli.output import emit, optional_range
    from models.forecast_db.durations import DURATIONS_HEADER, durations_rows

    start, end = optional_range(args)
    if args.csv:
        from models.outfile import check_target

        check_target(args.csv)
    return emit(DURATIONS_HEADER, durations_rows(start, end), args.csv)
