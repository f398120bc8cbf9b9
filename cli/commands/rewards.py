"""rewards: list or export rewards, by their job's date."""

from __future__ import annotations

HELP = "list or export rewards (by their job's date)"
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("--from", dest="start", default=None)
    parser.add_argument("--to", dest="end", default=None)
    parser.add_argument("--csv", default=None)


def run(args, ctx) -> int:
    from cli.output import emit
    from models.errors import DomainError
    from models.queries.listings import REWARDS_HEADER, reward_rows
    from models.timefmt import parse_date

    start = parse_date(args.start) if args.start else None
    end = parse_date(args.end) if args.end else None
    if start and end and end < start:
        raise DomainError("--to is before --from.")
    return emit(REWARDS_HEADER, reward_rows(start, end, ctx.now), args.csv)
