"""company-set: the company's name, address, phone, e-mail and logo (owner only)."""

from __future__ import annotations

HELP = "set the company's details printed on letters and route sheets (owner only)"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("--name", default=None)
    parser.add_argument("--address", default=None, help="lines separated by ';' or newlines")
    parser.add_argument("--phone", default=None)
    parser.add_argument("--email", default=None)
    logo = parser.add_mutually_exclusive_group()
    logo.add_argument("--logo", default=None, help="a PNG or JPEG file of at most 256 KB")
    logo.add_argument("--no-logo", action="store_true")


def run(args, ctx) -> int:
    from pathlib import Path

    from models.errors import DomainError
    from models.services import company_details
    from models.services.company_details import LOGO_MOST, Details

    actor = ctx.actor()
    actor.require_owner("change the company's details")
    now = company_details.details()
    logo = now.logo
    if args.no_logo:
        logo = None
    elif args.logo is not None:
        path = Path(args.logo)
        try:
            if path.stat().st_size > LOGO_MOST:
                raise DomainError(f"{path.name} is {path.stat().st_size // 1024} KB; the logo "
                                  f"can be at most {LOGO_MOST // 1024} KB.")
            logo = path.read_bytes()
        except OSError as exc:
            raise DomainError(f"{args.logo} cannot be read ({exc.strerror}).") from None
    address = now.address if args.address is None else args.address.replace(";", "\n")
    new = Details(now.name if args.name is None else args.name, address,
                  now.phone if args.phone is None else args.phone,
                  now.email if args.email is None else args.email, logo)
    stored = company_details.save(new, actor, ctx.now)
    print(f"{stored.name}")
    for line in stored.address.splitlines():
        print(f"  {line}")
    print(f"  Phone: {stored.phone or '—'}  E-mail: {stored.email or '—'}  "
          f"Logo: {stored.logo_kind or 'none'}")
    return 0
