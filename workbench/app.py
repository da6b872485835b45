"""Composition root: parse arguments, open the project, build the main window.

Nothing but the entry points (``__main__``, ``smoke``) imports this module: folder names live in the leaf
``workbench.paths``, and every layer below asks there.

``workbench [PROJECT]`` opens the GUI; ``workbench COMMAND ...`` runs a headless
command (see ``workbench.cli``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from pathlib import Path

from workbench import APP_NAME, __version__
from workbench.paths import code_cache_file, settings_file

log = logging.getLogger("workbench")


def ensure_demo_project() -> Path:
    """The demo project's path, built on first use (``ops.project.ensure_demo_project``; imported when needed,
    so a command-line command does not load the ops it does not use)."""
    from workbench.ops.project import ensure_demo_project as ensure

    return ensure()


def has_display() -> bool:
    if sys.platform != "linux":
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


NO_DISPLAY_MESSAGE = f"""\
{APP_NAME}: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open.
What you can do instead:
  - run it from a desktop session, or over ssh -X;
  - run it on a virtual screen:   xvfb-run -a .venv/bin/workbench --demo
  - render the window to a PNG:   .venv/bin/workbench screenshot --demo window.png
  - use the command line:         .venv/bin/workbench --help
"""


def make_settings():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def use_code_cache() -> None:
    """Code from the cache, not compiled at every start (``workbench.code_cache``); first, before the modules
    defining dataclasses are imported (the window's start, a command)."""
    from workbench import code_cache

    try:
        path = code_cache_file()
    except Exception as exc:  # no home folder, a broken platform folder: a cache never stops the app
        log.debug("no code cache: %s", exc)
        return
    code_cache.install(path)


# The window's Qt-free core, imported before PySide6 (``make_application``).
WINDOW_CORE = ("workbench.ops.project", "workbench.core.workspace", "workbench.ops.backup", "workbench.ops.merge")


def make_application(argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The QApplication (``ui.application``; Qt is imported only for the window).

    The window's Qt-free core (``WINDOW_CORE``: ops, store, domain, sqlite-utils) is imported first. Once PySide6
    is loaded, its import hook (the ``__feature__`` support) reads the source of every module imported after it,
    to see whether it mentions PySide6: about 0.2 ms a module, 30-40 ms for the ~170 modules of the start."""
    import importlib

    from workbench import code_cache
    from workbench.ops import quiet_gc

    release = quiet_gc.hold()  # as from the QApplication to the first paint (ui.application)
    try:
        use_code_cache()
        for name in WINDOW_CORE:
            importlib.import_module(name)
        with code_cache.compiling():  # PySide6 compiles its start-up modules from text (code_cache)
            import PySide6.QtCore  # noqa: F401
        from workbench.ui.application import make_application as make

        return make(argv)
    finally:
        release()  # the QApplication's own hold goes on to the first paint


def build_window(project_path: Path | None, settings=None):  # type: ignore[no-untyped-def]
    """Create the main window and open ``project_path`` (or the last project)."""
    from workbench.ui.application import resume_gc_after_first_paint
    from workbench.ui.main_window import MainWindow

    window = MainWindow(settings if settings is not None else make_settings())
    resume_gc_after_first_paint(window)  # the collector, paused by make_application, comes back after it
    if project_path is None:
        last = window.settings.value("lastProject", "")
        if last and Path(str(last)).exists():
            project_path = Path(str(last))
    if project_path is not None:
        if project_path.exists():
            window.open_project_path(project_path)
        else:
            window.new_project_path(project_path)
    return window


def _excepthook(exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
    """Bugs: log the traceback and show a crash dialog; the user's data is already saved."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("Unhandled error:\n%s", text)
    sys.stderr.write(text)
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            QMessageBox.critical(None, f"{APP_NAME} — internal error",
                                 "Something went wrong inside the program (a bug). Every edit you made is "
                                 f"already saved.\n\n{exc_type.__name__}: {exc}")
    except Exception:
        pass


def _open_files_from_finder(app, window) -> None:  # type: ignore[no-untyped-def]
    """macOS: Finder opens a .fcw file (CFBundleDocumentTypes) with a FileOpen event, not an argument."""
    from PySide6.QtCore import QEvent, QObject

    class FileOpen(QObject):
        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.FileOpen:
                window.open_project_path(Path(event.file()))  # type: ignore[attr-defined]
                return True
            return False

    app.installEventFilter(FileOpen(app))


def gui_main(argv: list[str]) -> int:
    from workbench import cli

    parser = argparse.ArgumentParser(
        prog="workbench",
        description=f"{APP_NAME}: `workbench [PROJECT]` opens the desktop application; `workbench COMMAND …` "
                    "runs a command on a project without it (workbench COMMAND --help).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=cli.commands_help(),
    )
    parser.add_argument("project", nargs="?", type=Path, help="project file (*.fcw) to open or create")
    parser.add_argument("--demo", action="store_true", help="open the demo project (built on first use)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--smoke-test", action="store_true",
                        help="check that this installation works (offscreen, temporary project), then exit")
    parser.add_argument("--screenshot-and-quit", metavar="OUT.png", type=Path,
                        help="after the first paint save the window to OUT.png ('-': no picture), "
                             "print what is open as JSON, and quit")
    args = parser.parse_args(argv)
    if args.smoke_test:
        from workbench import smoke

        return smoke.main()
    if args.screenshot_and_quit is not None and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not has_display():
        sys.stderr.write(NO_DISPLAY_MESSAGE)
        return 2
    app = make_application([sys.argv[0]])
    from workbench import logfile

    logfile.install()  # bugs (the crash dialog, an importer failing on a file) leave their traceback there
    sys.excepthook = _excepthook
    from workbench import render_pdf

    render_pdf.register()  # the "pdf" export format needs Qt, so it joins the exporters registry here
    path = ensure_demo_project() if args.demo else args.project
    window = build_window(path)
    if sys.platform == "darwin":
        _open_files_from_finder(app, window)
    if args.screenshot_and_quit is not None:
        from workbench import smoke

        smoke.quit_after_first_paint(app, window, args.screenshot_and_quit)
    window.show()
    if args.screenshot_and_quit is None:
        from workbench.ui.profile_dialog import ask_profile_on_first_run

        ask_profile_on_first_run(window.settings, window)  # once, when no profile is set; skipping is allowed
    return int(app.exec())


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    use_code_cache()
    from workbench import cli

    if argv and argv[0] in cli.COMMANDS:
        return cli.main(argv)
    return cli.quiet_pipe(lambda: gui_main(argv))  # `workbench --help | head -1` ends quietly
