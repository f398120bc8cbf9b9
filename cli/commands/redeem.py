"""redeem: use a certificate on a later job of the same customer."""

from __future__ import annotations

HELP = "redeem a certificate on a later job of the same customer"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("code")
    parser.add_argument("--job", required=True)


def run(args, ctx) -> int:
    from models.services import rewards

    reward = rewards.redeem(args.code, args.job, ctx.actor(), ctx.now)
    print(f"Certificate {reward.certificate_code} redeemed on job {reward.redeemed_on_id}.")
    return 0
