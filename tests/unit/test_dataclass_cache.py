"""Dataclass methods compiled once (workbench.dataclass_cache): same classes, a cache that is only ever a cache."""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench import dataclass_cache

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "cache" / "dataclasses.marshal"
    dataclass_cache.uninstall()  # whatever an earlier test of this process did
    yield path
    dataclass_cache.uninstall()


def _define(tag: str) -> type:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Passage:
        doc: str
        start: int
        end: int = 0
        tags: tuple[str, ...] = ()

    Passage.__qualname__ = f"Passage_{tag}"
    return Passage


def test_classes_made_through_the_cache_behave_as_compiled_ones(cache_file: Path) -> None:
    plain = _define("plain")
    dataclass_cache.install(cache_file)
    first = _define("first")  # compiled, kept
    assert dataclass_cache.stats()["misses"] > 0
    assert dataclass_cache.save() and cache_file.exists()
    dataclass_cache.uninstall()
    dataclass_cache.install(cache_file)  # as the next start: read from the file
    second = _define("second")
    assert dataclass_cache.stats()["misses"] == 0 and dataclass_cache.stats()["hits"] > 0
    assert not dataclass_cache.save()  # nothing new: nothing written
    for cls in (plain, first, second):
        a, b = cls("d1", 3, 9, ("x",)), cls("d1", 3, 9, ("x",))
        assert a == b and hash(a) == hash(b) and a != cls("d1", 4)
        assert repr(a).endswith("(doc='d1', start=3, end=9, tags=('x',))")
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.start = 5  # type: ignore[misc]
        assert cls("d2", 1).end == 0
        with pytest.raises(TypeError):
            cls()  # type: ignore[call-arg]


@pytest.mark.parametrize("content", [
    b"",
    b"\x00\xff not marshal at all",
    marshal.dumps((b"\x00\x00\r\n", sys.version, {})),  # another Python's magic number
    marshal.dumps({"def f(): pass": 42}),  # not the cache's shape
    marshal.dumps((*dataclass_cache._header(), {"def f(): pass": "not code"})),
])
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(cache_file: Path, content: bytes) -> None:
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(content)
    dataclass_cache.install(cache_file)
    cls = _define("damaged")
    assert cls("d", 1) == cls("d", 1)
    assert dataclass_cache.stats()["hits"] == 0 and dataclass_cache.stats()["misses"] > 0
    assert dataclass_cache.save()
    assert dataclass_cache._read(cache_file)  # a good cache now


def test_an_oversized_file_is_not_read(cache_file: Path) -> None:
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"\x00" * (dataclass_cache.MAX_BYTES + 1))
    assert dataclass_cache._read(cache_file) == {}


def test_a_folder_in_the_way_is_skipped(cache_file: Path) -> None:
    cache_file.mkdir(parents=True)  # a folder where the file goes: cannot be replaced
    dataclass_cache.install(cache_file)
    _define("folder")
    assert not dataclass_cache.save()
    assert cache_file.is_dir() and list(cache_file.parent.iterdir()) == [cache_file]  # no temporary left


def test_exec_of_code_objects_and_other_callers_pass_through(cache_file: Path) -> None:
    dataclass_cache.install(cache_file)
    namespace: dict[str, object] = {}
    dataclasses.exec(compile("x = 1", "<t>", "exec"), namespace)  # type: ignore[attr-defined]
    assert namespace["x"] == 1
    exec("y = 2", namespace)  # the builtin everywhere else is untouched
    assert namespace["y"] == 2 and dataclass_cache.stats()["misses"] == 0


def _start(data: Path) -> dict[str, int]:
    """A fresh process that starts as the window does (the cache installed, then the window's core imported)."""
    script = ("import json, importlib\n"
              "from workbench import app, dataclass_cache\n"
              "app.use_compiled_dataclasses()\n"
              "for name in app.WINDOW_CORE: importlib.import_module(name)\n"
              "print(json.dumps(dataclass_cache.stats()))\n")
    env = {**os.environ, "WORKBENCH_DATA_DIR": str(data)}
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_the_second_start_compiles_no_dataclass(tmp_path: Path) -> None:
    first = _start(tmp_path)
    assert first["hits"] == 0 and first["misses"] > 50  # the window's core defines dozens of dataclasses
    cached = list((tmp_path / "cache").glob("dataclasses-*.marshal"))
    assert len(cached) == 1
    second = _start(tmp_path)
    assert second["misses"] == 0 and second["hits"] == first["misses"]


def test_no_data_folder_means_no_cache_not_a_failed_start(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench import app

    def no_folder() -> Path:
        raise RuntimeError("could not determine home directory")

    monkeypatch.setattr(app, "dataclass_cache_file", no_folder)
    dataclass_cache.uninstall()
    app.use_compiled_dataclasses()  # the start goes on
    assert getattr(dataclasses, "exec", None) is None  # nothing installed: Python compiles as always
