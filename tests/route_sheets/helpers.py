"""Building days of jobs and reading PDFs back with poppler's pdftotext."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from models.schema import Customer
from models.services import jobs, people, rewards, stamps
from models.services.actor import Actor
from tests.conftest import NOW

OWNER = Actor("owner", "owner")
DAY = dt.date(2026, 11, 24)  # the day after the test clock's 'today' (Chicago, CST)
BOOKED = NOW - dt.timedelta(days=10)
RTL_ADDRESS = "רחוב הרצל 12, תל אביב."  # the final stop shows the direction
LONG_ADDRESS = ("4417 North Saint Louis Avenue, Rear Coach House, Second Floor, Door on "
                "the Alley Side, Chicago, Illinois 60625")
LONG_NOTES = ("Two cats — keep the side gate closed. Oriental rug in the dining room: low "
              "moisture only. Park on the street, not the shared driveway; the neighbour "
              "at 4419 complains. Ring twice and wait, she is slow on the stairs.")

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftotext) is not installed")


def truck(name: str, crew: str = "") -> int:
    return people.add_truck(name, crew, None, OWNER, BOOKED)


def customer(name: str, phone: str = "555-0100", address: str = "1 Elm St") -> int:
    from models.db import write_tx

    with write_tx():
        return people.add_customer(name, phone, address, "", OWNER, BOOKED).id


def book(truck_id: int, customer_id: int, start: str, day: dt.date = DAY, *,
         price: str = "150.00", notes: str = "", service: str = "Carpet cleaning",
         booked_at: dt.datetime = BOOKED) -> int:
    hours, minutes = map(int, start.split(":"))
    draft = jobs.JobDraft(customer_id, truck_id, day, dt.time(hours, minutes),
                          service=service, price=price, notes=notes)
    return jobs.book(draft, OWNER, booked_at).job_id


def late_arrival(job_id: int, minutes_late: int) -> None:
    """Stamp an arrival ``minutes_late`` after the window closed, typed in at NOW."""
    from models.schema import Job

    end = Job.get_by_id(job_id).window_end_utc
    stamps.arrive(job_id, end + dt.timedelta(minutes=minutes_late), OWNER, NOW,
                  reason="crew called late")


def certificate_of(job_id: int) -> str:
    from models.schema import Reward

    return Reward.get((Reward.job == job_id) & (Reward.kind == "lateness")).certificate_code


def redeem(code: str, job_id: int) -> None:
    rewards.redeem(code, job_id, OWNER, NOW)


def make_perfect(customer_id: int) -> None:
    Customer.update(make_next_visit_perfect=True).where(Customer.id == customer_id).execute()


# -- reading PDFs -------------------------------------------------------------------------
def pdf_text(path: Path, page: int | None = None, layout: bool = True) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run(args + [str(path), "-"], check=True, capture_output=True)
    return readable(out.stdout.decode("utf-8"))


def readable(text: str) -> str:
    """Undo what PDF text extraction adds: bidi marks, Arabic presentation forms."""
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return unicodedata.normalize("NFKC", text)


def page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.MULTILINE).group(1))


def page_size_pts(path: Path) -> tuple[float, float]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out.stdout, re.MULTILINE)
    return float(match.group(1)), float(match.group(2))


PAGE_HEAD = re.compile(r"^(?P<title>\S.*?)\s{2,}Page (?P<n>\d+) of (?P<of>\d+)\s*$", re.MULTILINE)


def pages(path: Path) -> list[tuple[str, int, int, str]]:
    """(heading, page number, page count, text) of every page, from its own header."""
    result = []
    for number in range(1, page_count(path) + 1):
        text = pdf_text(path, number)
        head = PAGE_HEAD.search(text)
        assert head, f"page {number} has no 'Page x of y' header:\n{text}"
        result.append((head["title"].strip(), int(head["n"]), int(head["of"]), text))
    return result


def squash(text: str) -> str:
    """Text with its layout spaces and line breaks collapsed: for wrapped paragraphs."""
    return " ".join(text.split())
