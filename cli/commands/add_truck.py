"""add-truck: add a truck (a crew's lane on the board)."""

from __future__ import annotations

HELP = "add a truck"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("name")
    parser.add_argument("--crew", default="")
    parser.add_argument("--color", default=None, help="#RRGGBB")


def run(args, ctx) -> int:
    from models.services import people

    truck_id = people.add_truck(args.name, args.crew, args.color, ctx.actor(), ctx.now)
    print(f"Added truck {args.name} ({truck_id}).")
    return 0
