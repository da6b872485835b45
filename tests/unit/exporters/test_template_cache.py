"""Report templates are compiled once and then loaded from ``<data>/cache/templates`` (issue 15: compiling the
report template held the interpreter lock and stopped the window when the Export dialog first opened). An edited
template is compiled again; a damaged, unreadable or unwritable cache is passed over."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic
from jinja2.sandbox import ImmutableSandboxedEnvironment

from workbench import paths
from workbench.exporters import templates

from .conftest import Exported
from .helpers import export


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the templates Jinja compiles (from source) from now on, with a fresh environment."""
    seen: list[str] = []
    original = ImmutableSandboxedEnvironment.compile

    def compile_(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        seen.append(str(name))
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(ImmutableSandboxedEnvironment, "compile", compile_)
    templates.environment.cache_clear()
    yield seen
    templates.environment.cache_clear()


def test_a_template_is_compiled_once_then_loaded(demo: Exported, compiles: list[str]) -> None:
    first = export(demo.report, "html")
    assert "report.html.j2" in compiles
    cached = list(paths.template_cache_dir().glob("*.cache"))
    assert cached
    compiles.clear()
    templates.environment.cache_clear()  # as in the next session
    assert export(demo.report, "html") == first
    assert compiles == []


def test_an_edited_template_is_compiled_again(tmp_path: Path, compiles: list[str]) -> None:
    own = tmp_path / "mine" / "report.md.j2"
    own.parent.mkdir()
    own.write_text("# {{ title }}\n", encoding="utf-8")
    assert templates.render("mine", [str(tmp_path)], "report.md.j2", title="First") == "# First\n"
    own.write_text("## {{ title }}\n", encoding="utf-8")
    templates.environment.cache_clear()
    compiles.clear()
    assert templates.render("mine", [str(tmp_path)], "report.md.j2", title="Second") == "## Second\n"
    assert compiles == ["report.md.j2"]


@pytest.mark.parametrize("damage", [b"", b"not a cache", bc_magic + b"\x80\x04garbage", bc_magic])
def test_a_damaged_cache_file_is_passed_over(demo: Exported, compiles: list[str], damage: bytes) -> None:
    first = export(demo.report, "html")
    for f in paths.template_cache_dir().glob("*.cache"):
        f.write_bytes(damage)
    templates.environment.cache_clear()
    compiles.clear()
    assert export(demo.report, "html") == first
    assert "report.html.j2" in compiles  # compiled afresh (and written again)


def test_no_cache_folder_no_harm(demo: Exported, compiles: list[str], monkeypatch: pytest.MonkeyPatch,
                                 tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(paths, "template_cache_dir", lambda: blocker / "templates")  # cannot be made
    assert b"<article" in export(demo.report, "html")
    assert "report.html.j2" in compiles


def test_an_unwritable_cache_is_not_an_error(demo: Exported, compiles: list[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tempfile.NamedTemporaryFile", full_disk)
    assert b"<article" in export(demo.report, "html")
    assert list(paths.template_cache_dir().glob("*.cache")) == []
