"""Printing a listing, or writing it as CSV when --csv is given."""

from __future__ import annotations

import sys

from models.csvout import to_text_table, write_csv


def emit(header, rows, csv_path: str | None) -> int:
    if csv_path:
        from models.outfile import check_target

        check_target(csv_path)  # before reading rows: the database is never an export target
        count = write_csv(csv_path, header, rows)
        print(f"Wrote {count} rows to {csv_path}.")
    else:
        sys.stdout.write(to_text_table(header, rows))
    return 0


def optional_range(args):
    """(--from, --to) as dates, each None when not given; refuses a range that ends first."""
    from models.errors import DomainError
    from models.timefmt import parse_date

    start = parse_date(args.start) if args.start else None
    end = parse_date(args.end) if args.end else None
    if start and end and end < start:
        raise DomainError("--to is before --from.")
    return start, end
