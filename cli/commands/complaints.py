"""complaints: list or export complaints."""

from __future__ import annotations

HELP = "list or export complaints; --open = open, on_hold, resolved"
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("--open", action="store_true")
    parser.add_argument("--csv", default=None)


def run(args, ctx) -> int:
    from cli.output import emit
    from models.queries.listings import COMPLAINTS_HEADER, complaint_rows

    return emit(COMPLAINTS_HEADER, complaint_rows(args.open), args.csv)
