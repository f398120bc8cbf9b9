"""route-sheets: a day's route sheets as a PDF file, without opening a window."""

from __future__ import annotations

HELP = "write a day's route sheets (all trucks, or the ones named) to a PDF file"
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("--date", required=True, help="YYYY-MM-DD")
    parser.add_argument("--truck", action="append", metavar="NAME",
                        help="only this truck (repeat for more); default: every truck")
    parser.add_argument("--pdf", required=True, metavar="FILE", help="the PDF file to write")


def run(args, ctx) -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported
    from pathlib import Path

    from models.errors import DomainError
    from models.outfile import check_target
    from models.route_sheets import build_route_sheets
    from models.timefmt import parse_date

    day = parse_date(args.date)
    target = Path(args.pdf)
    if target.is_dir():
        raise DomainError(f"{target} is a folder; give a file name such as "
                          f"route-sheets-{day.isoformat()}.pdf.")
    check_target(target)  # before the work: never onto the database, a pipe or a device
    sheets = build_route_sheets(day, ctx.now, args.truck)

    from desktop.printing.route_sheet_render import write_pdf

    pages = write_pdf(sheets, target)  # all or nothing, checked (models.outfile)
    jobs = sum(len(s.jobs) for s in sheets.trucks)
    print(f"Wrote {pages} pages ({len(sheets.trucks)} trucks, {jobs} jobs) to {target}.")
    return 0
