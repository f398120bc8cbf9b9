"""What was learned from the history, as sufficient statistics: counts, sums and sums of
squares, a small regression's X'X, and minute histograms. Adding records, merging two
states and saving to a JSON-able dict are all exact; ``model.compile_state`` turns the
statistics into the figures a forecast uses (shrinking sparse groups)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from models.forecast import features as F
from models.forecast.records import HistoryRecord

VERSION = 1


class LearnedState:
    """Sufficient statistics of the company's stamped jobs. ``update`` one record at a
    time as stamps arrive, ``learn`` many at once; both end in the same numbers."""

    def __init__(self) -> None:
        # duration: log(real / booked) per (service, crew) cell: [n, sum, sum of squares]
        self.cells: dict[str, dict[str, list[float]]] = {}
        self.xtx = np.zeros((F.N_FEATURES, F.N_FEATURES))
        self.xty = np.zeros(F.N_FEATURES)
        self.yty = 0.0
        self.n_travel = 0
        self.early: dict[str, list[int]] = {}   # per crew: minutes early when waiting
        self.first: dict[str, list[int]] = {}   # per crew: first job's arrival - window start
        self.places: dict[str, list[float]] = {}  # ZIP -> centroid, of ZIPs seen

    # --- learning -------------------------------------------------------------------
    def update(self, record: HistoryRecord) -> None:
        self.learn([record])

    def learn(self, records: Sequence[HistoryRecord]) -> None:
        if records:
            self.learn_columns(F.columns(records))

    def learn_columns(self, c: dict[str, np.ndarray]) -> None:
        self._learn_durations(c)
        self._learn_travel(c)
        self._learn_offsets(c)

    def _learn_durations(self, c) -> None:
        real = c["completed"] - c["arrived"]
        ok = (real > 0) & (c["booked"] > 0)
        y = np.log(real[ok] / c["booked"][ok])
        keys = c["service"][ok].astype(str) + "\x1f" + c["crew"][ok].astype(str)
        uniq, inv = np.unique(keys, return_inverse=True)
        n = np.bincount(inv, minlength=len(uniq))
        s = np.bincount(inv, weights=y, minlength=len(uniq))
        ss = np.bincount(inv, weights=y * y, minlength=len(uniq))
        for key, a, b, q in zip(uniq, n, s, ss):
            service, crew = key.split("\x1f", 1)
            cell = self.cells.setdefault(service, {}).setdefault(crew, [0, 0.0, 0.0])
            cell[0] += int(a)
            cell[1] += float(b)
            cell[2] += float(q)

    def _learn_travel(self, c) -> None:
        prev = c["prev_completed"]
        # Only drives that started after the next window had opened: such a crew cannot
        # have waited, so arrival - completion is the drive. Selecting on the start time
        # (not on the drive's length) keeps the sample unbiased.
        ok = ~np.isnan(prev) & (prev >= c["window_start"]) & (c["arrived"] > prev)
        if not ok.any():
            return
        km = F.distances_km(c["prev_zip"][ok], c["zip"][ok], self.places)
        hour = np.floor(prev[ok] / 60.0)
        x = F.travel_design(km, hour)
        y = np.log(c["arrived"][ok] - prev[ok])
        self.xtx += x.T @ x
        self.xty += x.T @ y
        self.yty += float(y @ y)
        self.n_travel += int(ok.sum())

    def _learn_offsets(self, c) -> None:
        prev = c["prev_completed"]
        offset = c["arrived"] - c["window_start"]
        first = np.isnan(prev)
        waited = ~first & (prev <= c["window_start"] - F.WAITED_GAP)
        self._histogram(self.first, c["crew"][first],
                        np.clip(np.rint(offset[first]) - F.FIRST_LOW, 0, F.FIRST_BINS - 1),
                        F.FIRST_BINS)
        self._histogram(self.early, c["crew"][waited],
                        np.clip(np.rint(-offset[waited]), 0, F.EARLY_BINS - 1), F.EARLY_BINS)

    @staticmethod
    def _histogram(table, crews, bins, size) -> None:
        if len(crews) == 0:
            return
        uniq, inv = np.unique(crews.astype(str), return_inverse=True)
        counts = np.zeros((len(uniq), size), dtype=np.int64)
        np.add.at(counts, (inv, bins.astype(int)), 1)
        for crew, row in zip(uniq, counts):
            old = table.get(crew)
            table[crew] = (row if old is None else row + np.asarray(old)).tolist()

    # --- merging and saving -------------------------------------------------------
    def merge(self, other: LearnedState) -> None:
        for service, crews in other.cells.items():
            for crew, (n, s, ss) in crews.items():
                cell = self.cells.setdefault(service, {}).setdefault(crew, [0, 0.0, 0.0])
                cell[0] += n
                cell[1] += s
                cell[2] += ss
        self.xtx += other.xtx
        self.xty += other.xty
        self.yty += other.yty
        self.n_travel += other.n_travel
        for mine, theirs in ((self.early, other.early), (self.first, other.first)):
            for crew, row in theirs.items():
                old = mine.get(crew)
                mine[crew] = list(row) if old is None else [a + b for a, b in zip(old, row)]
        self.places.update(other.places)

    def to_dict(self) -> dict:
        return {
            "version": VERSION,
            "cells": self.cells,
            "travel": {"xtx": self.xtx.tolist(), "xty": self.xty.tolist(),
                       "yty": self.yty, "n": self.n_travel},
            "early": self.early,
            "first": self.first,
            "places": self.places,
        }

    @classmethod
    def from_dict(cls, data: dict) -> LearnedState:
        if data.get("version") != VERSION:
            raise ValueError(f"learned state version {data.get('version')} is not {VERSION}")
        state = cls()
        state.cells = {s: {c: list(v) for c, v in crews.items()}
                       for s, crews in data["cells"].items()}
        travel = data["travel"]
        state.xtx = np.array(travel["xtx"], dtype=float)
        state.xty = np.array(travel["xty"], dtype=float)
        state.yty = float(travel["yty"])
        state.n_travel = int(travel["n"])
        state.early = {k: list(v) for k, v in data["early"].items()}
        state.first = {k: list(v) for k, v in data["first"].items()}
        state.places = {k: list(v) for k, v in data["places"].items()}
        return state
