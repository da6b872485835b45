"""Every evaluation suite's fast subset, held to the floors in ``floors.json``: an extraction regression fails
``make test``.

``floors.json`` maps suite → summary metric → minimum. The floors sit a little below what the importer scores
today; raise them as it improves (``python -m tests.eval --fast`` prints the current figures). Each suite runs once
per session (cached), whatever the number of tests reading it.
"""

from __future__ import annotations

import functools
import json

import pytest

from tests.eval.base import EVAL_DIR, SuiteResult, discover

FLOORS_PATH = EVAL_DIR / "floors.json"
SUITES = discover()


def floors() -> dict[str, dict[str, float]]:
    """suite → metric → minimum."""
    data: dict[str, dict[str, float]] = json.loads(FLOORS_PATH.read_text(encoding="utf-8"))
    return data


@functools.cache
def fast_result(name: str) -> SuiteResult:
    """The suite's fast run, computed once."""
    return SUITES[name](True)


def test_floors_name_real_suites_and_metrics() -> None:
    """A floor for a renamed or removed suite would silently stop guarding anything."""
    for suite, metrics in floors().items():
        assert suite in SUITES, f"floors.json names {suite!r}, which is not a suite ({sorted(SUITES)})"
        assert metrics, f"floors.json: {suite!r} has no floors"
        for metric, minimum in metrics.items():
            assert isinstance(minimum, int | float) and minimum >= 0, f"{suite}.{metric}: bad floor {minimum!r}"


@pytest.mark.parametrize("name", sorted(SUITES))
def test_fast_subset_meets_floors(name: str) -> None:
    """Every floored metric is present in the suite's summary and at or above its floor."""
    result = fast_result(name)
    assert result.rows, f"{name}: the fast run scored no document"
    below = {
        metric: (result.summary.get(metric), minimum)
        for metric, minimum in floors().get(name, {}).items()
        if metric not in result.summary or result.summary[metric] < minimum
    }
    assert not below, f"{name}: (score, floor) below the floor or missing: {below}"


@pytest.mark.parametrize("name", sorted(SUITES))
def test_fast_subset_has_no_crash(name: str) -> None:
    """No document made the importer raise anything but ImportRejected."""
    result = fast_result(name)
    crashed = {str(row.get("doc")): str(row.get("error", "")) for row in result.rows if row.get("crashed") is True}
    assert not crashed, f"{name}: the importer crashed on {crashed}"
    assert result.summary.get("crashed", 0.0) == 0.0
