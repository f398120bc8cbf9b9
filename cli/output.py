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
