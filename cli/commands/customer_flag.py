"""customer-flag: set or clear a customer's 'decline next booking' or 'perfect visit' flag."""

from __future__ import annotations

HELP = "set or clear a customer's flags (declining: owner only)"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("customer", help="name, phone number or id")
    change = parser.add_mutually_exclusive_group(required=True)
    for flag in ("--decline-next-booking", "--clear-decline", "--perfect-visit",
                 "--clear-perfect-visit"):
        change.add_argument(flag, action="store_true")
    parser.add_argument("--reason", default="")


def run(args, ctx) -> int:
    from models.errors import DomainError
    from models.services.flags import set_flag

    if args.decline_next_booking:
        flag = "decline"
        if not args.reason.strip():
            raise DomainError("--decline-next-booking needs --reason.")
    elif args.clear_decline:
        flag = "clear-decline"
    elif args.perfect_visit:
        flag = "perfect-visit"
    else:
        flag = "clear-perfect-visit"
    print(set_flag(args.customer, flag, args.reason, ctx.actor(), ctx.now))
    return 0
