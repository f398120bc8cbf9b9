"""reward-add: a goodwill reward by hand; prints its id."""

from __future__ import annotations

HELP = "record a goodwill reward by hand (prints its id)"
WRITES = True


def add_arguments(parser) -> None:
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--customer", help="name, phone number or id")
    who.add_argument("--job", help="job id or external id")
    parser.add_argument("--value", required=True, help="amount, e.g. 40.00")
    parser.add_argument("--wording", required=True, help="what the customer is given")
    parser.add_argument("--certificate", action="store_true",
                        help="give it as a certificate for a later visit")
    parser.add_argument("--complaint", default=None, help="the complaint it answers")


def run(args, ctx) -> int:
    from models.services.goodwill import add_goodwill

    reward_id = add_goodwill(value=args.value, wording=args.wording, actor=ctx.actor(),
                             now=ctx.now, customer=args.customer, job=args.job,
                             complaint=args.complaint, certificate=args.certificate)
    print(reward_id)
    return 0
