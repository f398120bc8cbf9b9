"""Bad input: the jobs CSV importer fed naughty strings, odd bytes and mutated files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.csvout import FORMULA_START, safe_text
from tests.reliability.helpers import cli

DATA = Path(__file__).resolve().parents[1] / "data" / "blns.txt"
COLUMNS = ("external_id", "date", "window_start", "truck", "customer", "phone", "address",
           "service", "price", "duration", "notes")
BASE = {"external_id": "", "date": "2026-11-24", "window_start": "09:00", "truck": "Truck 1",
        "customer": "Fuzz Customer", "phone": "", "address": "1 Elm St", "service": "Carpet",
        "price": "100.00", "duration": "90", "notes": ""}


def naughty() -> list[str]:
    lines = DATA.read_text(encoding="utf-8").split("\n")
    return [s for s in lines if not s.startswith("#")]


def _csv_bytes(rows: list[dict], header=COLUMNS) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header])
    return out.getvalue().encode("utf-8")


def _counts() -> dict:
    from models.schema import AuditEntry, Customer, Job, Reward, Stamp, Truck

    return {m.__name__: m.select().count() for m in (Job, Customer, Truck, AuditEntry, Stamp,
                                                      Reward)}


class Importer:
    """Runs import_jobs on bytes; checks the outcome is a clean refusal or a whole import."""

    def __init__(self, folder: Path):
        from models.services.actor import Actor
        from tests.conftest import NOW

        self.path = folder / "fuzz.csv"
        self.owner, self.now = Actor("owner", "owner"), NOW
        self.refused = self.imported = 0

    def run(self, data: bytes, create_missing: bool = False):
        from models.csvin import ImportRefused
        from models.errors import DomainError
        from models.importer import import_jobs

        self.path.write_bytes(data)
        before = _counts()
        try:
            result = import_jobs(self.path, self.owner, self.now, create_missing)
        except ImportRefused as exc:
            assert _counts() == before, "a refused file changed the database"
            assert exc.problems and all(p.line >= 1 for p in exc.problems)
            self.refused += 1
            return exc
        except DomainError as exc:
            assert _counts() == before, "a refused file changed the database"
            assert str(exc).strip()
            self.refused += 1
            return exc
        after = _counts()
        assert after["Job"] - before["Job"] == result.created
        assert after["AuditEntry"] >= before["AuditEntry"] + result.created
        self.imported += 1
        return result


@pytest.fixture
def importer(db_path, tmp_path):
    from tests import factories
    from tests.reliability.helpers import BOOKED

    factories.truck("Truck 1", "Crew", now=BOOKED)
    return Importer(tmp_path)


def _check_cell_refusal(outcome, lines: set[int], column: str) -> None:
    """A refusal caused by one column's cells names each such line and that column."""
    from models.csvin import ImportRefused

    if not isinstance(outcome, ImportRefused):
        return
    for problem in outcome.problems:
        assert problem.line in lines, (problem, column)
        assert problem.column == column, (problem, column)
        assert str(problem).startswith(f"line {problem.line}, column {column}: ")


@pytest.mark.parametrize("column", COLUMNS)
def test_every_naughty_string_in_one_column_short(importer, column):
    """One file per column, every naughty string on its own row."""
    strings = naughty()
    rows = [dict(BASE, **{column: s}) if column != "external_id" else dict(BASE, external_id=s)
            for s in strings]
    outcome = importer.run(_csv_bytes(rows), create_missing=column == "truck")
    _check_cell_refusal(outcome, set(range(2, len(rows) + 2)), column)
    if column in ("customer", "address", "service", "notes", "phone"):
        from models.importer import LIMITS

        fine = [s for s in strings if s.strip() and "\x00" not in s
                and len(s.strip()) <= LIMITS[column]]
        accepted = importer.run(_csv_bytes([dict(BASE, **{column: s}) for s in fine]))
        assert accepted.created == len(fine), accepted  # free text: every such string fits


@pytest.mark.slow
@pytest.mark.parametrize("create_missing", [False, True])
def test_every_naughty_string_in_every_column_long(importer, create_missing):
    """Each naughty string alone in each column: 11 columns x every string."""
    from models.schema import Job

    for n, text in enumerate(naughty()):
        for column in COLUMNS:
            row = dict(BASE, external_id=f"N-{create_missing}-{n}-{column}", **{column: text}) \
                if column != "external_id" else dict(BASE, external_id=text)
            outcome = importer.run(_csv_bytes([row]), create_missing)
            _check_cell_refusal(outcome, {2}, column)
            if column == "notes" and not hasattr(outcome, "problems") and "\x00" not in text:
                stored = Job.get(Job.external_id == row["external_id"]).notes
                assert stored == text.strip()
    print(f"\nFIGURE naughty: {importer.imported} imported, {importer.refused} refused, "
          "0 crashes")


def test_superscript_digits_in_window_start(importer):
    outcome = importer.run(_csv_bytes([dict(BASE, window_start="⁰⁹:⁰⁰", duration="₉₀")]))
    assert {(p.line, p.column) for p in outcome.problems} == {(2, "window_start"),
                                                                (2, "duration")}


def test_nul_cr_lf_and_line_numbers(importer):
    rows = [dict(BASE, notes="first\nsecond\r\nthird\rfourth"),  # line 2, spans 4 lines
            dict(BASE, date="2026-13-01"),                    # line 6
            dict(BASE, customer="Nul\x00Name")]               # line 7
    outcome = importer.run(_csv_bytes(rows))
    found = {(p.line, p.column) for p in outcome.problems}
    assert found == {(6, "date"), (7, "customer")}, outcome.problems
    good = importer.run(_csv_bytes([dict(BASE, notes="a\nb\rc\r\nd", external_id="CRLF")]))
    from models.schema import Job

    assert good.created == 1 and Job.get(Job.external_id == "CRLF").notes == "a\nb\rc\r\nd"


@pytest.mark.parametrize("line_end", [b"\n", b"\r", b"\r\n"])
def test_line_endings(importer, line_end):
    data = _csv_bytes([dict(BASE, external_id=f"LE-{len(line_end)}-{line_end[0]}")])
    outcome = importer.run(data.replace(b"\r\n", line_end))
    assert outcome.created == 1


def test_huge_fields(importer):
    over_limit = importer.run(_csv_bytes([dict(BASE, notes="n" * (11 * 1024 * 1024))]))
    assert [p.line for p in over_limit.problems] == [2]
    long_cells = importer.run(_csv_bytes([dict(BASE, notes="n" * 5001, customer="c" * 10**6,
                                               address="a" * 501)]))
    assert {(p.line, p.column) for p in long_cells.problems} == {
        (2, "notes"), (2, "customer"), (2, "address")}


@pytest.mark.parametrize("encoding", ["utf-16", "latin-1", "cp1252", "shift_jis"])
def test_wrong_encodings(importer, encoding):
    text = _csv_bytes([dict(BASE, customer="ascii"), dict(BASE, customer="Zoë “Ñúñez” ｶﾀｶﾅ")]
                      ).decode("utf-8")
    outcome = importer.run(text.encode(encoding, errors="replace"))
    assert hasattr(outcome, "problems"), "a file that is not UTF-8 was imported"
    assert "UTF-8" in str(outcome)
    assert outcome.problems[0].line == (1 if encoding == "utf-16" else 3)


def test_no_header_empty_and_header_only(importer):
    assert "header" in str(importer.run(b""))
    assert "header" in str(importer.run(b"2026-11-24,09:00,Truck 1,X\r\n"))
    only = importer.run(_csv_bytes([]))
    assert only.created == 0 and any("no rows" in w for w in only.warnings)


INTERESTING = st.sampled_from([b",", b'"', b"\n", b"\r", b"\x00", b"\xff", b"\xef\xbb\xbf",
                               b":", b"-", b"2026-02-30", b"25:00", b"1e9", b"NaN", b"-1",
                               b"\xe2\x80\xae", b"=cmd|' /C calc'!A0", b"Truck 1", b"09:00",
                               b" ", b"\t", b";", "Zoë".encode("latin-1")])
MUTATION = st.tuples(st.sampled_from(["insert", "delete", "replace", "dup_line", "drop_line"]),
                     st.floats(0, 1), st.one_of(INTERESTING, st.binary(max_size=8)))


def _mutate(data: bytes, mutations) -> bytes:
    for op, where, chunk in mutations:
        at = int(where * len(data))
        if op == "insert":
            data = data[:at] + chunk + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + len(chunk) + 1:]
        elif op == "replace":
            data = data[:at] + chunk + data[at + len(chunk):]
        else:
            lines = data.split(b"\r\n")
            n = min(int(where * len(lines)), len(lines) - 1)
            lines = (lines[:n + 1] + lines[n:]) if op == "dup_line" else lines[:n] + lines[n + 1:]
            data = b"\r\n".join(lines)
    return data


def _mutated_files(importer, examples: int) -> None:
    seed_rows = [dict(BASE, external_id=f"M-{n}", customer=f"Mut {n}", phone=f"555-01{n:02d}",
                      window_start=f"{8 + n}:00") for n in range(4)]
    base = _csv_bytes(seed_rows)

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(MUTATION, min_size=1, max_size=6), st.booleans())
    def run(mutations, create_missing):
        importer.run(_mutate(base, mutations), create_missing)

    run()
    from models.integrity import check

    assert check() == []
    print(f"\nFIGURE mutated: {importer.imported + importer.refused} files, "
          f"{importer.imported} imported, {importer.refused} refused, 0 crashes")


def test_mutated_files_short(importer):
    _mutated_files(importer, 300)


@pytest.mark.slow
def test_mutated_files_long(importer):
    _mutated_files(importer, 10_000)
    assert importer.imported + importer.refused >= 10_000


def test_cli_import_in_a_subprocess(db_path, tmp_path):
    """The command line: a refusal is exit 2 with row and column, never a traceback."""
    from models import store
    from tests import factories
    from tests.reliability.helpers import BOOKED

    factories.truck("Truck 1", "Crew", now=BOOKED)
    store.close()
    good = tmp_path / "good.csv"
    good.write_bytes(_csv_bytes([dict(BASE, customer=s) for s in naughty()
                                 if s.strip() and len(s.strip()) <= 200]))
    done = cli(db_path, "import-jobs", str(good))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv_bytes([dict(BASE, date=s) for s in naughty()[:50]]))
    refused = cli(db_path, "import-jobs", str(bad))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "line 2, column date" in refused.stderr
    assert "nothing was imported" in refused.stderr


def test_exports_never_start_a_formula(db_path, tmp_path):
    from models import store
    from tests import factories
    from tests.reliability.helpers import BOOKED

    for text in naughty():
        assert not safe_text(text).startswith(FORMULA_START), repr(text)
    factories.truck("Truck 1", "Crew", now=BOOKED)
    rows = [dict(BASE, customer=s, external_id=s, service=s, notes=s) for s in naughty()
            if s.strip() and "\x00" not in s and len(s.strip()) <= 100]
    unique = list({r["external_id"].strip(): r for r in rows}.values())
    path = tmp_path / "in.csv"
    path.write_bytes(_csv_bytes(unique))
    store.close()
    assert cli(db_path, "import-jobs", str(path)).returncode == 0
    out = tmp_path / "jobs.csv"
    done = cli(db_path, "jobs", "--date", "2026-11-24", "--csv", str(out))
    assert done.returncode == 0, done.stderr
    with open(out, encoding="utf-8-sig", newline="") as handle:
        cells = [c for row in csv.reader(handle) for c in row]
    assert len(cells) > 4 * len(unique)
    bad = [c for c in cells if c.startswith(FORMULA_START)]
    assert bad == []
