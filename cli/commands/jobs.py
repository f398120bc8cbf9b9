"""jobs: a day's jobs, by truck then window."""

from __future__ import annotations

HELP = "list or export a day's jobs"
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("--date", required=True, help="YYYY-MM-DD")
    parser.add_argument("--csv", default=None)


def run(args, ctx) -> int:
    from cli.output import emit
    from models.queries.listings import JOBS_HEADER, job_rows
    from models.timefmt import parse_date

    return emit(JOBS_HEADER, job_rows(parse_date(args.date), ctx.now), args.csv)
