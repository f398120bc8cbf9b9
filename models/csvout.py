"""Writing tables for people and spreadsheets: CSV with a BOM and CRLF, or tab-separated text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from models.errors import DomainError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value) -> str:
    """A free-text cell that can never start a formula in a spreadsheet."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write UTF-8 with BOM and CRLF, all or nothing (models.outfile); returns the row count."""
    from models.outfile import write_safely

    def write(fd: int) -> int:
        count = 0
        with open(fd, "w", encoding="utf-8-sig", newline="", closefd=False) as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow(["" if v is None else v for v in row])
                count += 1
        return count

    return write_safely(path, write)


def refuse_folder(target: Path) -> None:
    """An output file named like an existing folder is a typo, not a request to replace it."""
    if target.is_dir():
        raise DomainError(f"{target} is a folder; give a file name to write to.")
    if not target.parent.is_dir():
        raise DomainError(f"The folder {target.parent} does not exist.")


def to_text_table(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The same columns, tab-separated, for a terminal: tabs and newlines in cells become
    spaces, other control characters '?'."""
    from models.text import for_terminal

    def cell(value) -> str:  # a name's escape sequences must not reach the terminal
        text = "" if value is None else str(value)
        return for_terminal(text.replace("\t", " ").replace("\r", " ").replace("\n", " "))

    out = io.StringIO()
    out.write("\t".join(cell(h) for h in header) + "\n")
    for row in rows:
        out.write("\t".join(cell(v) for v in row) + "\n")
    return out.getvalue()
