"""Reading a CSV file a person made: encoding, header, rows numbered as file lines."""

from __future__ import annotations

import csv
import io
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from models.errors import DomainError

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_COLUMNS = 1000
csv.field_size_limit(10 * 1024 * 1024)


@dataclass
class Problem:
    line: int
    column: str
    text: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.text}"


class ImportRefused(DomainError):
    """The file was refused; nothing was imported. ``problems`` has one entry per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:200])
        more = f"\n... and {len(problems) - 200} more" if len(problems) > 200 else ""
        super().__init__(f"{len(problems)} problem(s); nothing was imported.\n{shown}{more}")


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (file line where the row starts, cells)
    warnings: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ImportRefused([Problem(line, "", "the file is not UTF-8 text (save it as "
                                     "'CSV UTF-8' and try again)")]) from None


def _not_a_file(path) -> DomainError:
    return DomainError(f"{path} is not an ordinary file (a pipe, device or folder); "
                       "give the name of a CSV file.")


def read_limited(path: str | Path) -> bytes:
    """The bytes of an ordinary file of at most MAX_FILE_BYTES; anything else is refused.

    A pipe or a device is refused before it is opened (reading /dev/zero never ends; opening
    a FIFO waits for a writer); the check is repeated on the open file, opened without
    waiting, in case the name was swapped in between; and no more than the limit is read,
    whatever the size the file claims.
    """
    too_big = DomainError(f"{path} is larger than 200 MB; split it into smaller files.")
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise _not_a_file(path)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise DomainError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_a_file(path)
        if info.st_size > MAX_FILE_BYTES:
            raise too_big
        chunks, total = [], 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_FILE_BYTES:
            raise too_big
        return b"".join(chunks)
    except OSError as exc:
        raise DomainError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    finally:
        os.close(fd)


def read_table(path: str | Path, required: tuple[str, ...], known: tuple[str, ...]) -> Table:
    """The file's header and rows; refuses an unreadable, empty or header-less file."""
    data = read_limited(path)
    text = _decode(data)
    if not text.strip():
        raise ImportRefused([Problem(1, "", "the file is empty; it needs a header row")])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise ImportRefused([Problem(1, "", f"the header cannot be read ({exc})")]) from None
    if len(header) > MAX_COLUMNS:
        raise ImportRefused([Problem(1, "", f"the header has {len(header)} columns; at most "
                                     f"{MAX_COLUMNS} are read (is this the right file?)")])
    problems = []
    lowered = [h.lower() for h in header]
    missing = [c for c in required if c not in lowered]
    if not any(h in known for h in lowered):
        raise ImportRefused([Problem(1, "", "the first line is not a header; it must name "
                                     "the columns (" + ", ".join(required) + ", ...)")])
    problems += [Problem(1, c, "this required column is missing") for c in missing]
    counts = Counter(h for h in lowered if h)  # one pass: list.count per column was quadratic
    duplicated = sorted(h for h, n in counts.items() if n > 1)
    problems += [Problem(1, c, "this column appears twice") for c in duplicated]
    if problems:
        raise ImportRefused(problems)
    warnings = [f"line 1, column {h}: unknown column, ignored" for h in header
                if h.lower() not in known]
    rows: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(start, "", f"this line cannot be read as CSV ({exc})"))
            start = reader.line_num + 1
            continue
        if cells and any(c.strip() for c in cells):
            if len(cells) > len(header):
                problems.append(Problem(start, "", f"{len(cells)} cells but the header has "
                                        f"{len(header)} columns"))
            rows.append((start, {lowered[i]: cells[i] if i < len(cells) else ""
                                 for i in range(len(header))}))
        start = reader.line_num + 1
    if problems:
        raise ImportRefused(problems)
    return Table(header, rows, warnings)
