"""service-duration as a real process: the owner sets a service's booking duration, an
import then books that service's jobs for it; a dispatcher and bad minutes are refused."""

from __future__ import annotations

from tests.cli.conftest import JOBS_HEADER
from tests.cli.helpers import DAY, DISPATCHER, ok, query, refused, run_cli, unchanged, write_rows


def test_owner_sets_it_and_an_import_uses_it(db, tmp_path):
    result = ok(run_cli("service-duration", "Upholstery", "--minutes", "140", db=db))
    assert "140 min instead of the policy's default" in result.stdout
    assert "jobs already booked keep theirs" in result.stdout
    row = dict(zip(JOBS_HEADER, [""] * len(JOBS_HEADER)))
    row.update({"external_id": "UP-1", "date": DAY, "window_start": "16:00", "truck": "Red",
                "customer": "Ula Upton", "service": "Upholstery"})
    ok(run_cli("import-jobs", write_rows(tmp_path / "up.csv", JOBS_HEADER,
                                         [[row[c] for c in JOBS_HEADER]]), db=db))
    assert query(db, "SELECT duration_minutes FROM job WHERE external_id = 'UP-1'") == [(140,)]
    again = ok(run_cli("service-duration", "Upholstery", "--minutes", "120", db=db))
    assert "120 min instead of 140 min" in again.stdout
    ok(run_cli("check", db=db))


def test_a_dispatcher_and_bad_minutes_are_refused_with_nothing_changed(db):
    with unchanged(db):
        refused(run_cli("service-duration", "Upholstery", "--minutes", "140",
                        "--user", DISPATCHER[0], password=DISPATCHER[1], db=db), "owner")
        refused(run_cli("service-duration", "Upholstery", "--minutes", "0", db=db),
                "1 to 720")
        refused(run_cli("service-duration", "Upholstery", "--minutes", "2h", db=db),
                "1 to 720")
