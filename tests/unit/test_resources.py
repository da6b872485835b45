"""resources/ is found from the source tree and from a frozen (PyInstaller) bundle."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

from workbench import resources
from workbench.resources import is_frozen, resource_path, resources_root

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Pretend to run from a PyInstaller bundle unpacked in ``tmp_path``."""
    monkeypatch.delenv("WORKBENCH_RESOURCES_DIR", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    return tmp_path


def test_from_source_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_RESOURCES_DIR", raising=False)
    assert not is_frozen()
    assert resources_root() == ROOT / "resources" == resources.SOURCE_ROOT
    assert resource_path("samples").is_dir()
    assert resource_path("samples", "claims.json").is_file()
    assert resource_path("templates", "default").is_dir()
    assert resource_path("icons", "workbench.svg").is_file()


def test_frozen_bundle_uses_meipass(frozen: Path) -> None:
    assert is_frozen()
    assert resources_root() == frozen / "resources"
    assert resource_path("icons", "workbench.svg") == frozen / "resources" / "icons" / "workbench.svg"


def test_frozen_without_meipass_is_not_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert not is_frozen()


def test_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, frozen: Path) -> None:
    monkeypatch.setenv("WORKBENCH_RESOURCES_DIR", str(tmp_path / "elsewhere"))
    assert resource_path("samples") == tmp_path / "elsewhere" / "samples"


def test_users_of_resources_follow_the_bundle(frozen: Path) -> None:
    from workbench.exporters import templates
    from workbench.ops.project import samples_dir

    assert samples_dir() == frozen / "resources" / "samples"
    assert templates.bundled_dir() == frozen / "resources" / "templates"


def test_import_worker_runs_through_the_bundle_launcher(frozen: Path) -> None:
    from workbench.importers import sandbox

    assert sandbox.worker_command() == [sys.executable, "--import-worker"]
    assert sandbox.worker_cwd() == str(frozen)


def test_pdf_export_child_runs_through_the_bundle_launcher(frozen: Path) -> None:
    from workbench import render_pdf

    assert render_pdf._child_command() == [sys.executable, "--export-pdf-worker"]


def test_import_worker_from_source_is_isolated_python() -> None:
    from workbench.importers import sandbox

    cmd = sandbox.worker_command()
    assert cmd[:3] == [sys.executable, "-I", "-c"]
    assert Path(sandbox.worker_cwd()).is_dir()


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_icon_pngs_have_their_size(size: int) -> None:
    data = resource_path("icons", f"workbench-{size}.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (size, size)


def test_icon_containers() -> None:
    ico = resource_path("icons", "workbench.ico").read_bytes()
    assert ico[:4] == b"\0\0\1\0" and struct.unpack("<H", ico[4:6])[0] == 7
    icns = resource_path("icons", "workbench.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
