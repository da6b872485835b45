"""Shared fixtures. Qt runs offscreen; Qt warnings fail tests; settings and data are isolated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path_factory.mktemp("appdirs")
    monkeypatch.setenv("WORKBENCH_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(base / "data"))


@pytest.fixture
def project(tmp_path: Path):
    from workbench.ops.project import create_project

    p = create_project(tmp_path / "test.fcw")
    yield p
    p.close()


@pytest.fixture
def samples() -> Path:
    return SAMPLES
