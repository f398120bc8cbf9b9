"""certificate: the certificate of a tier-3 reward as a PDF file."""

from __future__ import annotations

HELP = "write the certificate of a reward as a PDF file"
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("reward", help="the reward's id")
    parser.add_argument("--pdf", required=True, help="the PDF file to write")


def run(args, ctx) -> int:
    from models.outfile import check_target

    check_target(args.pdf)  # before the work: never onto the database, a pipe or a device
    from models.letters import certificate

    letter = certificate(args.reward, ctx.now)
    from desktop.letters.render import write_pdf  # Qt only once the words are settled

    write_pdf(letter, args.pdf)
    code = next(value for label, value in letter.facts if label == "Code")
    print(f"Wrote certificate {code} of reward {args.reward} to {args.pdf}.")
    return 0
