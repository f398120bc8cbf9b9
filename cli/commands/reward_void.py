"""reward-void: void a reward (owner only once issued)."""

from __future__ import annotations

HELP = "void a reward, with a reason (owner only once issued)"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("reward")
    parser.add_argument("--reason", required=True)


def run(args, ctx) -> int:
    from models.services import rewards

    rewards.void(args.reward, args.reason, ctx.actor(), ctx.now)
    print(f"Reward {args.reward} is void.")
    return 0
