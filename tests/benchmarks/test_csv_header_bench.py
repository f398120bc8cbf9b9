"""Benchmark: how fast a hostile CSV header is refused (#12 finding 10).

Run with ``pytest tests/benchmarks/test_csv_header_bench.py --benchmark-only -s``.
Before the fix, 200,000 columns took minutes (a duplicate check that was quadratic); now a
header over 1,000 columns is refused after one parse, and 1,000 duplicated ones in one pass.
"""

from __future__ import annotations

import pytest

from models.csvin import ImportRefused, read_table

KNOWN = ("date", "window_start", "truck", "customer")


@pytest.mark.parametrize("columns, duplicated", [(200_000, False), (1_000, True)])
def test_hostile_header(benchmark, tmp_path, columns, duplicated):
    names = ["x"] * columns if duplicated else [f"c{i}" for i in range(columns)]
    path = tmp_path / "wide.csv"
    path.write_text(",".join([*KNOWN, *names]) + "\r\n", encoding="utf-8")

    def refuse() -> None:
        with pytest.raises(ImportRefused):
            read_table(path, KNOWN, KNOWN)

    benchmark.pedantic(refuse, rounds=3, iterations=1)
    print(f"\n{columns} columns{' (all the same)' if duplicated else ''}: "
          f"{benchmark.stats['mean'] * 1000:.0f} ms mean")
