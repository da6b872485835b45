"""Code compiled once (workbench.code_cache): same classes and modules, a cache that is only ever a cache."""

from __future__ import annotations

import ast
import builtins
import dataclasses
import json
import marshal
import os
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench import code_cache

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "cache" / "code.marshal"
    code_cache.uninstall()  # whatever an earlier test of this process did
    yield path
    code_cache.uninstall()


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
    code_cache.install(cache_file)
    first = _define("first")  # compiled, kept
    assert code_cache.stats()["misses"] > 0
    assert code_cache.save() and cache_file.exists()
    code_cache.uninstall()
    code_cache.install(cache_file)  # as the next start: read from the file
    second = _define("second")
    assert code_cache.stats()["misses"] == 0 and code_cache.stats()["hits"] > 0
    assert not code_cache.save()  # nothing new: nothing written
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
    marshal.dumps((b"\x00\x00\r\n", sys.version, code_cache.FORMAT, {})),  # another Python's magic number
    marshal.dumps((*code_cache._header()[:2], 1, {})),  # the first format (dataclass methods only)
    marshal.dumps({"def f(): pass": 42}),  # not the cache's shape
    marshal.dumps((*code_cache._header(), {"def f(): pass": "not code"})),
])
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(cache_file: Path, content: bytes) -> None:
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(content)
    code_cache.install(cache_file)
    cls = _define("damaged")
    assert cls("d", 1) == cls("d", 1)
    assert code_cache.stats()["hits"] == 0 and code_cache.stats()["misses"] > 0
    assert code_cache.save()
    assert code_cache._read(cache_file)  # a good cache now


def test_an_oversized_file_is_not_read(cache_file: Path) -> None:
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"\x00" * (code_cache.MAX_BYTES + 1))
    assert code_cache._read(cache_file) == {}


def test_a_folder_in_the_way_is_skipped(cache_file: Path) -> None:
    cache_file.mkdir(parents=True)  # a folder where the file goes: cannot be replaced
    code_cache.install(cache_file)
    _define("folder")
    assert not code_cache.save()
    assert cache_file.is_dir() and list(cache_file.parent.iterdir()) == [cache_file]  # no temporary left


def test_exec_of_code_objects_and_other_callers_pass_through(cache_file: Path) -> None:
    code_cache.install(cache_file)
    namespace: dict[str, object] = {}
    dataclasses.exec(compile("x = 1", "<t>", "exec"), namespace)  # type: ignore[attr-defined]
    assert namespace["x"] == 1
    exec("y = 2", namespace)  # the builtin everywhere else is untouched
    assert namespace["y"] == 2 and code_cache.stats()["misses"] == 0


FUTURE_CALLER = "from __future__ import annotations\ndef make(*a, **k):\n    return compile(*a, **k)\n"
PLAIN_CALLER = "def make(*a, **k):\n    return compile(*a, **k)\n"
SOURCE = "def f(x: int) -> int:\n    return x + 1\n"


@pytest.mark.parametrize("caller", [PLAIN_CALLER, FUTURE_CALLER])
@pytest.mark.parametrize("source", [SOURCE, SOURCE.encode()])
def test_compile_through_the_cache_makes_the_same_code_as_compile(cache_file: Path, caller: str,
                                                                   source: str | bytes) -> None:
    """Inside ``compiling()`` a text compiles to the very code the builtin makes for the same caller (its
    ``__future__`` flags included); a second start reads it from the file."""
    namespace: dict[str, object] = {"source": source}
    exec(compile(caller, "<caller>", "exec", dont_inherit=True), namespace)  # not this module's __future__ flags
    make = namespace["make"]
    expected = make(source, "mod.py", "exec")  # type: ignore[operator]
    with code_cache.compiling():  # not installed: nothing changes
        assert builtins.compile is code_cache._compile
    code_cache.install(cache_file)
    with code_cache.compiling():
        first = make(source, "mod.py", "exec")  # type: ignore[operator]
    assert builtins.compile is code_cache._compile  # back to the builtin after the block
    assert code_cache.stats()["misses"] == 1 and code_cache.save()
    code_cache.uninstall()
    code_cache.install(cache_file)
    with code_cache.compiling():
        second = make(source, "mod.py", "exec")  # type: ignore[operator]
    assert code_cache.stats() == {"hits": 1, "misses": 0, "entries": 1, "compiled": 1}
    assert marshal.dumps(first) == marshal.dumps(second) == marshal.dumps(expected)
    functions: dict[str, object] = {}
    exec(second, functions)
    annotations = functions["f"].__annotations__  # type: ignore[attr-defined]
    assert annotations == ({"x": "int", "return": "int"} if caller is FUTURE_CALLER else {"x": int, "return": int})


def test_compile_for_a_tree_or_with_options_passes_through(cache_file: Path) -> None:
    code_cache.install(cache_file)
    with code_cache.compiling():
        tree = compile("x = 1", "<t>", "exec", ast.PyCF_ONLY_AST)
        optimised = compile("assert x", "<t>", "exec", optimize=2)
    assert isinstance(tree, ast.Module) and isinstance(optimised, types.CodeType)
    assert code_cache.stats()["entries"] == 0


def test_dataclass_methods_keep_their_annotations(cache_file: Path) -> None:
    """The generated ``__init__`` is compiled as ``dataclasses`` compiles it (not with this module's
    ``__future__`` flags): its annotations are the field types, not their names."""
    plain = _define("plain")
    code_cache.install(cache_file)
    cached = _define("cached")
    annotations = cached.__init__.__annotations__  # type: ignore[misc]
    assert annotations == plain.__init__.__annotations__  # type: ignore[misc]
    assert annotations["start"] == "int" and not any(str(v).startswith("__dataclass") for v in annotations.values())


def _start(data: Path) -> dict[str, int]:
    """A fresh process that starts as the window does (the cache installed, then the window's core imported)."""
    script = ("import json, importlib\n"
              "from workbench import app, code_cache\n"
              "app.use_code_cache()\n"
              "for name in app.WINDOW_CORE: importlib.import_module(name)\n"
              "print(json.dumps(code_cache.stats()))\n")
    env = {**os.environ, "WORKBENCH_DATA_DIR": str(data)}
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_the_second_start_compiles_no_dataclass(tmp_path: Path) -> None:
    first = _start(tmp_path)
    assert first["hits"] == 0 and first["misses"] > 50  # the window's core defines dozens of dataclasses
    cached = list((tmp_path / "cache").glob("code-*.marshal"))
    assert len(cached) == 1
    second = _start(tmp_path)
    assert second["misses"] == 0 and second["hits"] == first["misses"]


def test_no_data_folder_means_no_cache_not_a_failed_start(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench import app

    def no_folder() -> Path:
        raise RuntimeError("could not determine home directory")

    monkeypatch.setattr(app, "code_cache_file", no_folder)
    code_cache.uninstall()
    app.use_code_cache()  # the start goes on
    assert getattr(dataclasses, "exec", None) is None  # nothing installed: Python compiles as always
