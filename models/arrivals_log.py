"""What import-arrivals reports: a short summary, and (--log FILE) one line per row of the file."""

from __future__ import annotations

import csv
import os
import uuid
from collections import Counter
from pathlib import Path

from models.csvout import refuse_folder, safe_text
from models.errors import DomainError

LOG_HEADER = ["line", "job_id", "external_id", "arrival", "minutes_late", "guarantee"]
KIND_WORDS = (("created", "created"), ("upgraded", "raised"), ("lowered", "lowered"),
              ("voided", "voided"), ("reactivated", "owed again"))


class LogFile:
    """The --log file: written beside its target first, put in place after the commit."""

    def __init__(self, path: str | Path, keep_clear_of: list[str | Path], currency: str) -> None:
        self.target = Path(path)
        refuse_folder(self.target)
        mine = _same_place(self.target)
        for other in keep_clear_of:
            if mine == _same_place(Path(other)):
                raise DomainError(f"--log {path} names the database or the file being imported;"
                                  " give the log a file of its own. Nothing was changed.")
        self.currency = currency
        self.tmp = self.target.with_name(f".{self.target.name}.{uuid.uuid4().hex[:8]}.tmp")

    def write(self, result) -> None:
        """Write the log to the temporary file (inside the import's transaction)."""
        messages: dict[int, list[str]] = {}
        for event in result.events:
            messages.setdefault(event.job_id, []).append(event.message(self.currency))
        try:
            with open(self.tmp, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow(LOG_HEADER)
                for line, job_id, external_id, outcome, minutes in result.rows:
                    writer.writerow([line, job_id, safe_text(external_id), outcome, minutes,
                                     safe_text(" | ".join(messages.get(job_id, ())))])
        except OSError as exc:
            self.discard()
            raise DomainError(f"Cannot write the log {self.target}: {exc.strerror or exc}. "
                              "Nothing was imported.") from None

    def put_in_place(self) -> None:
        try:
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self.discard()
            raise DomainError(f"The arrivals were imported, but the log could not be put at "
                              f"{self.target}: {exc.strerror or exc}.") from None

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


def _same_place(path: Path) -> Path:
    return path.expanduser().resolve()


def database_files(target: str) -> list[str]:
    """The files an SQLite database is made of (none for a server database)."""
    if target.startswith(("postgresql://", "postgres://")):
        return []
    return [target + suffix for suffix in ("", "-wal", "-shm", "-journal")]


def summary(result, log_target: Path | None = None) -> list[str]:
    """The lines import-arrivals prints instead of one line per reward."""
    lines = [f"Stamped {result.stamped} arrival(s), corrected {result.corrected}, "
             f"{result.unchanged} already recorded."]
    by_kind: dict[str, Counter] = {}
    kept = 0
    for event in result.events:
        if event.kind == "certificate_kept":
            kept += 1
        else:
            by_kind.setdefault(event.kind, Counter())[event.tier] += 1
    parts = []
    for kind, words in KIND_WORDS:
        tiers = by_kind.get(kind)
        if tiers:
            detail = ", ".join(f"tier {t}: {n}" for t, n in sorted(tiers.items()))
            parts.append(f"{sum(tiers.values())} {words} ({detail})")
    lines.append("Rewards: " + ("; ".join(parts) if parts else "none created or changed") + ".")
    c = result.complaints
    lines.append(f"Complaints: {c.get('open', 0)} opened, {c.get('reopen', 0)} reopened, "
                 f"{c.get('withdraw', 0)} withdrawn.")
    if kept:
        lines.append(f"{kept} redeemed certificate(s) belong to jobs now below tier 3; an owner "
                     "should review them" + (" (see the log)." if log_target else "."))
    if log_target is not None:
        lines.append(f"One line per row written to {log_target}.")
    return lines
