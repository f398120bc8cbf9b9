"""letter: the apology letter of a complaint as a PDF file."""

from __future__ import annotations

HELP = "write the apology letter of a complaint as a PDF file"
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("complaint", help="the complaint's id")
    parser.add_argument("--pdf", required=True, help="the PDF file to write")
    parser.add_argument("--confirmation", action="store_true",
                        help="write the confirmation of the agreed resolution (step 4) instead")


def run(args, ctx) -> int:
    from models.outfile import check_target

    check_target(args.pdf)  # before the work: never onto the database, a pipe or a device
    from models.letters import apology_letter, confirmation

    make = confirmation if args.confirmation else apology_letter
    letter = make(args.complaint, ctx.now)
    from desktop.letters.render import write_pdf  # Qt only once the words are settled

    pages = write_pdf(letter, args.pdf)
    print(f"Wrote {letter.title.lower()} for complaint {args.complaint} to {args.pdf} "
          f"({pages} page{'s' if pages != 1 else ''}).")
    return 0
