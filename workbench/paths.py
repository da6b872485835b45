"""Where the app keeps its files: one leaf module that imports nothing of the app.

Every layer (ops, core, ui, the command line, the log file) asks here, so no module needs the composition
root (``workbench.app``) for a folder's name. Each function reads the environment when called, so a test or a
scripted setup can point it elsewhere:

* config folder: ``$WORKBENCH_CONFIG_DIR``, else the platform's (``~/.config/fact-check-workbench`` on Linux):
  the window's ``settings.ini`` and the user's report templates (``templates/``);
* data folder: ``$WORKBENCH_DATA_DIR``, else the platform's (``~/.local/share/fact-check-workbench``):
  the demo project, backups (``backups/``), the log file (``workbench.log``; ``$WORKBENCH_LOG_FILE``
  names another file) and caches (``cache/``: compiled report templates and dataclass methods).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_FOLDER = "fact-check-workbench"


def config_dir() -> Path:
    """``$WORKBENCH_CONFIG_DIR``, else the platform's user config folder."""
    override = os.environ.get("WORKBENCH_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_FOLDER, appauthor=False))


def data_dir() -> Path:
    """``$WORKBENCH_DATA_DIR``, else the platform's user data folder."""
    override = os.environ.get("WORKBENCH_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_FOLDER, appauthor=False))


def settings_file() -> Path:
    """The window's settings (recent projects, layout): ``<config>/settings.ini``."""
    return config_dir() / "settings.ini"


def templates_dir() -> Path:
    """The user's own report templates, looked up before the bundled ones: ``<config>/templates``."""
    return config_dir() / "templates"


def backups_dir() -> Path:
    """Automatic backups and saved copies: ``<data>/backups``."""
    return data_dir() / "backups"


def demo_project_path() -> Path:
    """The demo project, built on first use: ``<data>/demo.fcw``."""
    return data_dir() / "demo.fcw"


def template_cache_dir() -> Path:
    """Report templates compiled once, not at every start (Jinja's bytecode cache): ``<data>/cache/templates``."""
    return data_dir() / "cache" / "templates"


def code_cache_file() -> Path:
    """Code compiled once (``workbench.code_cache``: the dataclasses' methods, PySide6's start-up modules), per
    Python version: ``<data>/cache/code-<version>.marshal``."""
    return data_dir() / "cache" / f"code-{sys.implementation.cache_tag}.marshal"


def log_file() -> Path:
    """``$WORKBENCH_LOG_FILE``, else ``<data>/workbench.log``."""
    override = os.environ.get("WORKBENCH_LOG_FILE")
    if override:
        return Path(override)
    return data_dir() / "workbench.log"


def child_command(module: str, function: str, frozen_flag: str) -> list[str]:
    """The command starting a child process of this app that runs ``module.function()`` (its return value the exit
    status): ``python -I -c …`` from a source tree or an installed package (isolated: no user site, no
    PYTHONPATH, not the current folder), or, in a frozen bundle, whose ``sys.executable`` is the app itself, the app
    with ``frozen_flag``, which its launcher maps to the same function (packaging/launcher.py)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, frozen_flag]
    package_parent = str(Path(__file__).resolve().parents[1])
    code = (f"import sys; sys.path.insert(0, {package_parent!r}); "
            f"from {module} import {function}; sys.exit({function}())")
    return [sys.executable, "-I", "-c", code]
