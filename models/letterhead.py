"""What heads every printed page the customer or a crew sees: the company's details."""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.company import Company, company
from models.services.company_details import decode_logo


@dataclass(frozen=True)
class Letterhead:
    name: str
    address_lines: list[str]
    phone: str
    email: str
    logo: bytes | None

    @property
    def contact_lines(self) -> list[str]:
        """Address lines, then "Phone …" and "E-mail …" where the company has them."""
        lines = list(self.address_lines)
        if self.phone:
            lines.append(f"Phone {self.phone}")
        if self.email:
            lines.append(f"E-mail {self.email}")
        return lines


def letterhead(info: Company | None = None) -> Letterhead:
    """From the company's settings (``info`` when the caller has read them already)."""
    c = info or company()
    # An address typed before it had lines of its own may use ";" between its parts.
    lines = [p.strip() for p in re.split(r"[\n;]", c.address) if p.strip()]
    return Letterhead(c.name, lines, c.office_phone, c.email, decode_logo(c.logo))
