"""forecast: as of now, the predicted arrival of every job of a day not yet arrived."""

from __future__ import annotations

HELP = "predicted arrivals of a day's jobs not yet arrived, with their chance of being late"
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("--date", required=True, help="YYYY-MM-DD")
    parser.add_argument("--csv", default=None)


def run(args, ctx) -> int:
    from cli.output import emit
    from models.forecast_db.day import FORECAST_HEADER, forecast_rows
    from models.timefmt import parse_date

    day = parse_date(args.date)
    if args.csv:  # refused before the forecast is computed (or anything learned is saved)
        from models.outfile import check_target

        check_target(args.csv)
    return emit(FORECAST_HEADER, forecast_rows(day, ctx.now), args.csv)
