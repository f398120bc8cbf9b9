"""stats: on-time statistics for a date range, per truck, day, ISO week or month."""

from __future__ import annotations

HELP = "on-time statistics for a date range (both dates inclusive)"
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("--from", dest="first", required=True, metavar="D")
    parser.add_argument("--to", dest="last", required=True, metavar="D")
    parser.add_argument("--by", choices=("truck", "day", "week", "month"))
    parser.add_argument("--csv", metavar="FILE")


def run(args, ctx) -> int:
    from cli.output import emit
    from models.reports.period import DateRange
    from models.reports.table import HEADER, stats_table
    from models.timefmt import parse_date

    rng = DateRange(parse_date(args.first), parse_date(args.last))
    return emit(HEADER, stats_table(rng, args.by), args.csv)
