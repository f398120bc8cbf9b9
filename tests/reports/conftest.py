"""Every report test runs twice: reading days computed from the facts (every day is out of
date in a new history) and reading the stored summary cells (brought up to date first)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, params=["facts", "cells"])
def summary(request, monkeypatch):
    if request.param == "cells":
        from models.reports import cells, dashboard, figures, table

        read = figures.cube

        def refreshed_cube(*args, **kwargs):
            cells.refresh()
            assert not cells.dirty_days(), "a refresh leaves no day out of date"
            return read(*args, **kwargs)

        for module in (figures, table, dashboard):
            monkeypatch.setattr(module, "cube", refreshed_cube)
    return request.param
