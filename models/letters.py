"""The words of the apology letter, the reward certificate and the step-4 confirmation.

Built from the templates in resources/templates (plain text: ``key: value`` header lines,
paragraphs separated by blank lines, ``[if NAME]`` to print a paragraph only when NAME has a
value). Printing them is the desktop's job; this module only decides what they say.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from string import Template

from models.company import company
from models.display import day_text, money_text
from models.errors import DomainError
from models.letterhead import letterhead
from models.rules import zone
from models.schema import Complaint, ComplaintStep, Customer, Job, Reward
from models.services import lookup
from models.services.rewards import certificate_state

TEMPLATES = Path(__file__).resolve().parent.parent / "resources" / "templates"
_KEYS = ("title", "salutation", "terms", "closing", "signature")
_IF = re.compile(r"^\[if (\w+)\]\s*")


@dataclass
class Letter:
    kind: str  # apology | certificate | confirmation
    title: str
    letterhead: list[str]
    date_line: str
    recipient: list[str]
    salutation: str
    paragraphs: list[str]
    facts: list[tuple[str, str]] = field(default_factory=list)
    terms: str = ""
    closing: str = ""
    signature: str = ""
    logo: bytes | None = None  # the company's PNG or JPEG, printed in the letterhead

    def as_text(self) -> str:
        parts = ["\n".join(self.letterhead), self.date_line, "\n".join(self.recipient),
                 self.title, self.salutation, *self.paragraphs]
        parts += [f"{label}: {value}" for label, value in self.facts]
        parts += [self.terms, self.closing, self.signature]
        return "\n\n".join(p for p in parts if p)


def fill(template_text: str, values: dict[str, str]) -> dict:
    """Header values and paragraphs of a template, with ``values`` filled in."""
    header: dict[str, str] = {}
    paragraphs: list[str] = []
    blocks = re.split(r"\n\s*\n", "\n".join(
        line for line in template_text.splitlines() if not line.startswith("#")))
    for block in blocks:
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        body: list[str] = []
        for line in lines:
            key, _, rest = line.partition(":")
            if key in _KEYS and rest:
                header[key] = Template(rest.strip()).safe_substitute(values)
            else:
                body.append(line)
        if not body:
            continue
        text = " ".join(body)
        condition = _IF.match(text)
        if condition:
            if not values.get(condition.group(1)):
                continue
            text = text[condition.end():]
        paragraphs.append(Template(text).safe_substitute(values))
    header["paragraphs"] = paragraphs  # type: ignore[assignment]
    return header


def _template(name: str) -> str:
    return (TEMPLATES / f"{name}.txt").read_text(encoding="utf-8")


def long_date(instant: dt.datetime, tz: str) -> str:
    """The local day, written the one way the program writes days (models/display.py)."""
    return day_text(instant.astimezone(zone(tz)).date())


def _clock(instant: dt.datetime, tz: str) -> str:
    return instant.astimezone(zone(tz)).strftime("%H:%M")


def money(value: Decimal | None, currency: str) -> str:
    return money_text(value or Decimal(0), currency)


def sentence(text: str) -> str:
    """A user's phrase ending as a sentence, so a template can put it mid-paragraph."""
    text = (text or "").strip()
    return text if not text or text[-1] in ".!?\u201d\"" else text + "."


def _head() -> tuple[list[str], str, str, str]:
    c = company()
    head = letterhead(c)
    return [head.name, *head.contact_lines], c.tz, c.currency, head.phone


def _recipient(customer: Customer) -> list[str]:
    return [customer.name] + [p.strip() for p in re.split(r"[\n;]", customer.address)
                              if p.strip()]


def what_happened(complaint: Complaint, tz: str) -> str:
    """The facts in plain words: the promise, what the crew did, or what the customer said."""
    job = Job.get_by_id(complaint.job_id) if complaint.job_id else None
    reward = Reward.get_by_id(complaint.reward_id) if complaint.reward_id else None
    if job is not None and reward is not None and reward.kind == "lateness":
        arrival = lookup.active_stamp(job.id, "arrival")
        text = (f"On {long_date(job.window_start_utc, tz)} we promised to arrive between "
                f"{_clock(job.window_start_utc, tz)} and {_clock(job.window_end_utc, tz)}.")
        if arrival is not None:
            return text + (f" Our crew arrived at {_clock(arrival.at, tz)}, "
                           f"{reward.minutes_late} minutes after that hour was up.")
        return text + f" Our crew was {reward.minutes_late} minutes late."
    if job is not None and reward is not None and reward.kind == "reschedule":
        old = Job.get_or_none(Job.id == job.rescheduled_from_id) if job.rescheduled_from_id \
            else None
        when = old or job
        return (f"We had to move your appointment of {long_date(when.window_start_utc, tz)} "
                f"at {_clock(when.window_start_utc, tz)}. That was our doing, not yours.")
    said = f"You told us: \u201c{complaint.words.strip()}\u201d"
    if job is not None:
        return f"About your visit on {long_date(job.window_start_utc, tz)}: {said}"
    return said


def _steps(complaint_id: int) -> dict[int, dict]:
    return {s.number: json.loads(s.data or "{}") for s in
            ComplaintStep.select().where(ComplaintStep.complaint == complaint_id)}


def _offer_reward(complaint: Complaint, steps: dict[int, dict]) -> Reward | None:
    data = steps.get(5, {})
    if data.get("reward_id"):
        return Reward.get_or_none(Reward.id == int(data["reward_id"]))
    if complaint.reward_id:
        reward = Reward.get_by_id(complaint.reward_id)
        return None if reward.status == "void" else reward
    return None


def apology_letter(complaint_ref, now: dt.datetime) -> Letter:
    complaint = lookup.complaint(complaint_ref)
    customer = Customer.get_by_id(complaint.customer_id)
    head, tz, currency, phone = _head()
    steps = _steps(complaint.id)
    reward = _offer_reward(complaint, steps)
    values = {"customer": customer.name, "company": head[0], "phone": phone,
              "what_happened": what_happened(complaint, tz),
              "resolution": sentence(steps.get(4, {}).get("resolution", "")),
              "change": sentence(steps.get(9, {}).get("change", "")) if steps.get(9, {}).get(
                  "customer_told") else "",
              "offer": "", "code": "", "value": "", "expires": ""}
    if reward is not None:
        values["offer"] = f"{reward.wording.rstrip('.')} (worth {money(reward.value, currency)})"
        if reward.certificate_code and certificate_state(reward, now) == "unused":
            values["code"] = reward.certificate_code
            values["value"] = money(reward.certificate_value, currency)
            values["expires"] = long_date(reward.certificate_expires_at, tz)
    return _letter("apology", "apology_letter", values, head, tz, customer, now)


def certificate(reward_ref, now: dt.datetime) -> Letter:
    reward = lookup.reward(reward_ref)
    if not reward.certificate_code:
        raise DomainError(f"Reward {reward.id} has no certificate; only a tier 3 reward "
                          "comes with one.")
    state = certificate_state(reward, now)
    if state in ("void", "redeemed"):
        raise DomainError(f"The certificate of reward {reward.id} is {state}; there is "
                          "nothing to print.")
    from models.services.rewards import customer_of

    customer = Customer.get_by_id(customer_of(reward))
    head, tz, currency, phone = _head()
    values = {"customer": customer.name, "company": head[0], "phone": phone,
              "value": money(reward.certificate_value, currency),
              "expires": long_date(reward.certificate_expires_at, tz),
              "code": reward.certificate_code}
    letter = _letter("certificate", "certificate", values, head, tz, customer, now)
    letter.facts = [("Code", reward.certificate_code), ("Value", values["value"]),
                    ("Valid until", values["expires"])]
    if state == "expired":
        letter.facts.append(("Note", "This certificate has expired."))
    return letter


def confirmation(complaint_ref, now: dt.datetime) -> Letter:
    complaint = lookup.complaint(complaint_ref)
    steps = _steps(complaint.id)
    resolution = steps.get(4, {}).get("resolution", "")
    if not resolution:
        raise DomainError("Write down the agreed resolution (step 4) before printing its "
                          "confirmation.")
    customer = Customer.get_by_id(complaint.customer_id)
    head, tz, currency, phone = _head()
    three = steps.get(3, {})
    values = {"customer": customer.name, "company": head[0], "phone": phone,
              "what_happened": what_happened(complaint, tz), "resolution": sentence(resolution),
              "choice": three.get("choice") or three.get("customer_alternative", "")}
    return _letter("confirmation", "confirmation", values, head, tz, customer, now)


def _letter(kind: str, template: str, values: dict[str, str], head: list[str], tz: str,
            customer: Customer, now: dt.datetime) -> Letter:
    filled = fill(_template(template), values)
    return Letter(kind=kind, title=filled.get("title", ""), letterhead=head,
                  date_line=long_date(now, tz), recipient=_recipient(customer),
                  salutation=filled.get("salutation", ""), paragraphs=filled["paragraphs"],
                  terms=filled.get("terms", ""), closing=filled.get("closing", ""),
                  signature=filled.get("signature", ""), logo=letterhead().logo)
