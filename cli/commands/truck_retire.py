"""truck-retire: take a truck off the board (refused while it has jobs to do), or back."""

from __future__ import annotations

HELP = "retire a truck (--reason; refused while it has jobs to do) or --bring-back"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("truck")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--reason", default=None, help="why it is retired")
    which.add_argument("--bring-back", action="store_true", help="put it back on the board")


def run(args, ctx) -> int:
    from models.services import lookup, trucks_admin

    truck = lookup.truck(args.truck)
    if args.bring_back:
        trucks_admin.bring_back(truck.id, ctx.actor(), ctx.now)
        print(f"{truck.name} is back on the board.")
    else:
        trucks_admin.retire(truck.id, args.reason, ctx.actor(), ctx.now)
        print(f"{truck.name} is retired.")
    return 0
