"""truck-edit: rename a truck, or change its crew or colour."""

from __future__ import annotations

HELP = "rename a truck, or change its crew or colour"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("truck", help="the truck's name now")
    parser.add_argument("--name", default=None, help="its new name")
    parser.add_argument("--crew", default=None)
    parser.add_argument("--color", default=None, help="#RRGGBB")


def run(args, ctx) -> int:
    from models.errors import DomainError
    from models.services import lookup, trucks_admin

    if args.name is None and args.crew is None and args.color is None:
        raise DomainError("Say what to change: --name, --crew or --color.")
    truck = lookup.truck(args.truck)
    trucks_admin.edit(truck.id, truck.name if args.name is None else args.name,
                      truck.crew if args.crew is None else args.crew,
                      truck.color if args.color is None else args.color, ctx.actor(), ctx.now)
    print(f"Saved truck {truck.id}.")
    return 0
