"""arrive: stamp the crew's arrival (now by default)."""

from __future__ import annotations

HELP = "stamp an arrival; --at more than 10 minutes ago, or a change, needs --reason"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("job", help="job id or external id")
    parser.add_argument("--at", default=None, help="YYYY-MM-DD HH:MM (local)")
    parser.add_argument("--reason", default="")


def run(args, ctx) -> int:
    from cli.stamping import report
    from models.services import stamps

    result = stamps.arrive(args.job, ctx.instant(args.at), ctx.actor(), ctx.now, args.reason)
    return report(result, "Arrival", ctx)
