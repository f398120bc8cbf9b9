#!/usr/bin/env bash
# Every test: the whole suite on SQLite, then the database-facing suites again on a throwaway
# PostgreSQL cluster that the tests start themselves (ONTIME_TEST_DB=postgres).
# Extra arguments go to both pytest runs (e.g. -x, -k NAME, --runslow). The tests run on
# every core (pytest-xdist); ONTIME_TEST_WORKERS=0 runs them in one process.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3

WORKERS=(-n "${ONTIME_TEST_WORKERS:-auto}")

timeout -k 60 40m "$PY" -m pytest -q "${WORKERS[@]}" "$@"
sqlite_status=$?

ONTIME_TEST_DB=postgres timeout -k 60 40m "$PY" -m pytest -q "${WORKERS[@]}" tests/models tests/recovery tests/route_sheets \
  tests/desktop tests/reports tests/cli tests/reliability "$@"
postgres_status=$?

for status in "$sqlite_status" "$postgres_status"; do
  # 5 = no tests collected: not a failure of the code, but say so
  if [ "$status" -ne 0 ] && [ "$status" -ne 5 ]; then
    exit "$status"
  fi
done
echo "All test runs passed (SQLite and PostgreSQL)."
exit 0
