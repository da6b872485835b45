"""Every benchmark has a budget in budgets.py (and every budget a benchmark), so the README table is complete."""

from __future__ import annotations

from pathlib import Path

import budgets  # tests/benchmarks is on sys.path (see conftest)
import pytest

HERE = Path(__file__).resolve().parent


def test_every_benchmark_has_a_budget(request: pytest.FixtureRequest) -> None:
    items = [item for item in request.session.items if "benchmark" in getattr(item, "fixturenames", ())]
    names = {item.name for item in items}
    assert names - set(budgets.BUDGETS) == set(), "benchmarks without a budget in budgets.py"
    modules = {Path(str(item.path)).name for item in items}
    if modules == {p.name for p in HERE.glob("test_bench_*.py")}:  # the whole folder was collected
        assert set(budgets.BUDGETS) - names == set(), "budgets without a benchmark"
    assert all(b.seconds > 0 and b.what for b in budgets.BUDGETS.values())


def test_readme_table_from_results() -> None:
    results = [{"name": "test_scroll_page", "stats": {"median": 0.0045}, "extra_info": {"budget_s": 0.03}},
               {"name": "test_typical_queries", "stats": {"median": 2.0}, "extra_info": {"measured_s": 0.021}}]
    table = budgets.table(results).splitlines()
    assert table[0].startswith("| What | Budget |") and len(table) == 2 + len(budgets.BUDGETS)
    assert "| Scroll a page and repaint, 10 MB article | < 30.0 ms | 4.5 ms |" in table
    assert any(line.endswith("| < 50.0 ms | 21.0 ms (p95) |") for line in table)
