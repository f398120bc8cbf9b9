"""cancel: cancel a job, with a reason."""

from __future__ import annotations

HELP = "cancel a job"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("job")
    parser.add_argument("--reason", required=True)
    parser.add_argument("--by", choices=["customer", "company"], default="customer",
                        help="who cancelled (company: a certificate worth the price is owed)")


def run(args, ctx) -> int:
    from models.company import company
    from models.services import jobs

    events = jobs.cancel(args.job, args.reason, ctx.actor(), ctx.now, by_whom=args.by)
    print(f"Job {args.job} is cancelled.")
    for event in events:
        print(event.message(company().currency))
    return 0
