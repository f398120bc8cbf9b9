"""import-arrivals end to end: stamps from a crew log or GPS export, all rows or none."""

from __future__ import annotations

import pytest

from tests.cli.helpers import (
    BOM,
    job_id,
    job_status,
    ok,
    parse_table,
    query,
    refused,
    run_cli,
    unchanged,
)

REASON = ("--reason", "crew log of 2026-11-23")


def write(tmp_path, text: str, name: str = "arrivals.csv", bom: bool = False):
    path = tmp_path / name
    path.write_bytes((BOM if bom else b"") + text.encode("utf-8"))
    return path


def active(db, external_id: str) -> dict[str, str]:
    return dict(query(db, "SELECT s.kind, s.at FROM stamp s JOIN job j ON j.id = s.job_id "
                      "WHERE j.external_id = ? AND s.active", (external_id,)))


def test_stamps_arrivals_and_completions(db, tmp_path):
    path = write(tmp_path, "external_id,arrived_at,completed_at\r\n"
                 "A-0800,2026-11-23 11:40,2026-11-23 11:55\r\n"
                 "D-1100,2026-11-23 11:58,\r\n"
                 "B-0900,2026-11-23T16:45Z,\r\n", bom=True)
    result = ok(run_cli("import-arrivals", path, *REASON, db=db))
    assert "Stamped 3 arrival(s), corrected 0, 0 already recorded." in result.stdout
    assert active(db, "A-0800") == {"arrival": "2026-11-23 17:40:00.000000",
                                    "completion": "2026-11-23 17:55:00.000000"}
    assert active(db, "D-1100") == {"arrival": "2026-11-23 17:58:00.000000"}
    assert active(db, "B-0900") == {"arrival": "2026-11-23 16:45:00.000000"}
    assert [job_status(db, x) for x in ("A-0800", "D-1100", "B-0900")] == [
        "completed", "arrived", "arrived"]
    assert query(db, "SELECT DISTINCT reason FROM stamp") == [("crew log of 2026-11-23",)]
    rewards = {r["external_id"]: r for r in parse_table(ok(run_cli("rewards", db=db)).stdout)}
    assert (rewards["A-0800"]["minutes_late"], rewards["A-0800"]["tier"]) == ("160", "3")
    assert (rewards["B-0900"]["minutes_late"], rewards["B-0900"]["tier"]) == ("45", "1")
    ok(run_cli("check", db=db))


def test_by_job_id_and_corrections(db, tmp_path):
    ok(run_cli("arrive", "D-1100", db=db))  # 12:00
    d, e = job_id(db, "D-1100"), job_id(db, "E-1130")
    path = write(tmp_path, f"job_id,arrived_at\n{d},2026-11-23 11:59\n{e},2026-11-23 11:45\n")
    result = ok(run_cli("import-arrivals", path, *REASON, db=db))
    assert "Stamped 1 arrival(s), corrected 1, 0 already recorded." in result.stdout
    assert active(db, "D-1100") == {"arrival": "2026-11-23 17:59:00.000000"}
    assert query(db, "SELECT count(*) FROM stamp WHERE job_id = ? AND NOT active", (d,)) == [
        (1,)]
    with unchanged(db):  # the same file again: everything is already recorded
        again = ok(run_cli("import-arrivals", path, *REASON, db=db))
    assert "Stamped 0 arrival(s), corrected 0, 2 already recorded." in again.stdout


BAD = {
    "same-job-twice": (("external_id,arrived_at\nD-1100,2026-11-23 11:58\n"
                       "D-1100,2026-11-23 11:59\n"), ["line 3", "also on line 2"]),
    "same-job-by-id-and-external-id": (("external_id,job_id,arrived_at\n"
                                       "D-1100,,2026-11-23 11:58\n,4,2026-11-23 11:59\n"),
                                       ["line 3", "also on line 2"]),
    "unknown-job": (("external_id,arrived_at\nD-1100,2026-11-23 11:58\n"
                    "ZZZ-1,2026-11-23 11:59\n"), ["line 3, column external_id", "ZZZ-1"]),
    "future-arrival": (("external_id,arrived_at\nD-1100,2026-11-23 11:58\n"
                       "E-1130,2026-11-23 12:10\n"), ["line 3", "future"]),
    "bad-time": ("external_id,arrived_at\nD-1100,2026-11-23 11:58\nE-1130,11:59\n",
                 ["line 3, column arrived_at"]),
    "spring-gap": ("external_id,arrived_at\nD-1100,2026-03-08 02:30\n",
                   ["line 2, column arrived_at", "does not exist"]),
    "completed-before-arrived": (("external_id,arrived_at,completed_at\n"
                                 "D-1100,2026-11-23 11:58,2026-11-23 11:50\n"),
                                 ["line 2, column completed_at"]),
    "arrival-empty": ("external_id,arrived_at\nD-1100,\n", ["line 2, column arrived_at"]),
    "no-job-column": ("customer,arrived_at\nDan,2026-11-23 11:58\n", ["external_id"]),
    "no-arrived-at-column": ("external_id,completed_at\nD-1100,2026-11-23 11:58\n",
                             ["line 1, column arrived_at"]),
    "empty-file": ("", ["empty"]),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_file_stamps_nothing(module_db, tmp_path, name):
    text, fragments = BAD[name]
    path = write(tmp_path, text)
    with unchanged(module_db):
        result = refused(run_cli("import-arrivals", path, *REASON, db=module_db), *fragments)
    assert "nothing" in result.stderr.lower()


def test_a_latin1_file_is_refused(module_db, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("external_id,arrived_at,note\nD-1100,2026-11-23 11:58,Müller\n"
                     .encode("latin-1"))
    with unchanged(module_db):
        refused(run_cli("import-arrivals", path, *REASON, db=module_db), "UTF-8")


def test_reason_and_password_are_required(module_db, tmp_path):
    path = write(tmp_path, "external_id,arrived_at\nD-1100,2026-11-23 11:58\n")
    with unchanged(module_db):
        assert run_cli("import-arrivals", path, db=module_db).returncode == 2
        refused(run_cli("import-arrivals", path, "--reason", "  ", db=module_db), "reason")
        refused(run_cli("import-arrivals", path, *REASON, db=module_db, password=None),
                "password")
        refused(run_cli("import-arrivals", path, *REASON, db=module_db, password="bad-pass"),
                "password")


def test_header_only_stamps_nothing(module_db, tmp_path):
    path = write(tmp_path, "external_id,arrived_at\n")
    with unchanged(module_db):
        result = ok(run_cli("import-arrivals", path, *REASON, db=module_db))
    assert "nothing" in (result.stdout + result.stderr).lower()


def test_a_row_for_a_cancelled_job_refuses_the_whole_file(db, tmp_path):
    ok(run_cli("cancel", "E-1130", "--reason", "customer ill", db=db))
    path = write(tmp_path, "external_id,arrived_at\nD-1100,2026-11-23 11:58\n"
                 "E-1130,2026-11-23 11:59\n")
    with unchanged(db):
        refused(run_cli("import-arrivals", path, *REASON, db=db), "line 3", "cancelled")
    assert active(db, "D-1100") == {}
