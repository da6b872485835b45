"""Where the files of ``resources/`` (samples, templates, icons) are, from source or in a frozen bundle.

From a source checkout (or an editable install) they are in ``resources/`` beside the ``workbench`` package.
In a PyInstaller bundle they are data files under ``sys._MEIPASS/resources`` (see ``packaging/workbench.spec``).
``WORKBENCH_RESOURCES_DIR`` overrides both (for tests and unusual layouts).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parents[1] / "resources"


def is_frozen() -> bool:
    """True when running from a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def resources_root() -> Path:
    """The folder that holds ``samples/``, ``templates/`` and ``icons/``."""
    override = os.environ.get("WORKBENCH_RESOURCES_DIR")
    if override:
        return Path(override)
    if is_frozen():
        return Path(sys._MEIPASS) / "resources"  # type: ignore[attr-defined]
    return SOURCE_ROOT


def resource_path(*parts: str) -> Path:
    """The path of ``resources/<parts...>`` (it may not exist: callers check)."""
    return resources_root().joinpath(*parts)
