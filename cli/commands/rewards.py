"""rewards: list or export rewards, by their job's date."""

from __future__ import annotations

HELP = "list or export rewards (by their job's date)"
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("--from", dest="start", default=None)
    parser.add_argument("--to", dest="end", default=None)
    parser.add_argument("--csv", default=None)


def run(args, ctx) -> int:
    from cli.output import emit, optional_range
    from models.queries.listings import REWARDS_HEADER, reward_rows

    start, end = optional_range(args)
    return emit(REWARDS_HEADER, reward_rows(start, end, ctx.now), args.csv)
