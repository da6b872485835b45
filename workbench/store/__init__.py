"""The only code that touches SQLite (through sqlite-utils).

sqlite-utils imports ``dateutil.parser`` for its date recipes, which this application never calls; that import
costs about a twentieth of a second at every start. It is registered here as a lazy module (the standard
``importlib.util.LazyLoader`` recipe): it loads on first attribute use, which never happens in a normal session.
"""

from __future__ import annotations

import importlib.util
import sys


def _lazy_module(name: str) -> None:
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


_lazy_module("dateutil.parser")
