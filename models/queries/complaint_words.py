"""An automatic complaint's sentence as the facts stand now (a corrected stamp changes it)."""

from __future__ import annotations

import datetime as dt
import re

from models.schema import Job, Stamp
from models.services.guarantee import measured_minutes

# The sentence models.services.guarantee writes when a lateness reward opens a complaint.
LATE = re.compile(r"^The crew was \d+ minutes late for the (\d{1,2}:\d{2}) window\.")


def current_words(items: list[tuple[int, str, int | None]], now: dt.datetime) -> dict[int, str]:
    """{complaint id: words} for (complaint id, stored words, job id): the program's own
    lateness sentence is re-derived from the job's current arrival stamp (or live minutes);
    a customer's own words are never touched. Two queries, whatever the number."""
    wanted = {job_id for _cid, words, job_id in items if job_id and LATE.match(words or "")}
    minutes: dict[int, int | None] = {}
    ids = sorted(wanted)
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        live = Stamp.active == True  # noqa: E712
        arrivals = {s.job_id: s.at for s in Stamp.select(Stamp.job, Stamp.at).where(
            Stamp.job.in_(chunk) & (Stamp.kind == "arrival") & live)}
        for job in Job.select().where(Job.id.in_(chunk)):
            minutes[job.id] = measured_minutes(job, arrivals.get(job.id), now)
    found = {}
    for complaint_id, words, job_id in items:
        late = minutes.get(job_id) if job_id in wanted else None
        match = LATE.match(words or "")
        if match and late is not None and late >= 1:
            words = (f"The crew was {late} minutes late for the {match.group(1)} window."
                     + words[match.end():])
        found[complaint_id] = words
    return found
