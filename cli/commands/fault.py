"""fault: set who caused a late arrival or a company reschedule."""

from __future__ import annotations

HELP = "set the fault of a late job or a company reschedule"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("job")
    parser.add_argument("--set", required=True, dest="fault",
                        help="company, customer, shared, third_party or no_one")
    parser.add_argument("--reason", required=True)


def run(args, ctx) -> int:
    from models.company import company
    from models.services import jobs

    events = jobs.set_fault(args.job, args.fault, args.reason, ctx.actor(), ctx.now)
    print(f"Fault of job {args.job} is {args.fault}.")
    for event in events:
        print(event.message(company().currency))
    return 0
