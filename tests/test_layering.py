"""The layers of DESIGN.md, enforced by reading every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "workbench"

PURE = ("domain", "store", "ops", "importers", "exporters")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(sub: str) -> list[Path]:
    return sorted((PKG / sub).rglob("*.py"))


@pytest.mark.parametrize("layer", PURE)
def test_pure_layers_never_import_qt(layer: str) -> None:
    bad = {str(p.relative_to(PKG)): sorted(i for i in imports_of(p) if i.startswith("PySide6"))
           for p in modules(layer)}
    assert not {k: v for k, v in bad.items() if v}


@pytest.mark.parametrize("layer", ["domain", "importers", "exporters", "ops", "ui"])
def test_only_store_touches_sqlite(layer: str) -> None:
    bad = {}
    for p in modules(layer):
        hits = sorted(i for i in imports_of(p) if i.split(".")[0] in ("sqlite_utils", "sqlite3"))
        if hits:
            bad[str(p.relative_to(PKG))] = hits
    assert not bad


def test_ui_uses_ops_not_store() -> None:
    bad = {str(p.relative_to(PKG)): sorted(i for i in imports_of(p) if i.startswith("workbench.store"))
           for p in modules("ui")}
    assert not {k: v for k, v in bad.items() if v}


def test_domain_imports_nothing_of_the_app_but_domain() -> None:
    for p in modules("domain"):
        for i in imports_of(p):
            if i.startswith("workbench."):
                assert i.startswith("workbench.domain"), f"{p.name} imports {i}"


def test_every_layer_has_modules() -> None:
    for layer in (*PURE, "ui"):
        assert modules(layer), layer
