"""The app's log file: tracebacks of bugs (an importer failing, a crash), for the user to send in.

``workbench.log`` in the user data folder (``~/.local/share/fact-check-workbench/`` on
Linux, or ``$WORKBENCH_DATA_DIR``; ``$WORKBENCH_LOG_FILE`` names another file), rotated
at 1 MB with 3 older copies (``workbench.log.1`` …). The window and the command line
both write to it: ``install()`` at start, and ``log_exception`` installs it on first use,
so an op called from anywhere still leaves its traceback there.

Pure standard library (no Qt) and the leaf ``workbench.paths``: any layer may log through it.
"""

from __future__ import annotations

import logging
import logging.handlers
import threading
from pathlib import Path

from workbench import paths

LOGGER_NAME = "workbench"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_lock = threading.Lock()


def log_path() -> Path:
    """Where the log goes now (follows the environment, so tests can point it at a temporary folder)."""
    return paths.log_file()


class _Handler(logging.handlers.RotatingFileHandler):
    """Ours, so that ``install`` can find and replace it when the path changes."""


def install(path: Path | None = None) -> Path:
    """Attach the rotating log file to the ``workbench`` logger (idempotent); return its path.

    Called again with another path (or after ``$WORKBENCH_DATA_DIR`` changed), the
    previous file is closed and the new one used.
    """
    target = Path(path) if path is not None else log_path()
    logger = logging.getLogger(LOGGER_NAME)
    with _lock:
        for handler in list(logger.handlers):
            if isinstance(handler, _Handler):
                if Path(handler.baseFilename) == target.absolute():
                    return target
                logger.removeHandler(handler)
                handler.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = _Handler(target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.setLevel(logging.INFO)
        logger.addHandler(handler)
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
    return target


def log_exception(message: str, exc: BaseException, logger: str = LOGGER_NAME) -> Path:
    """Write ``message`` and ``exc``'s full traceback to the log file; return the file's path."""
    path = install()
    logging.getLogger(logger).error(message, exc_info=(type(exc), exc, exc.__traceback__))
    for handler in logging.getLogger(LOGGER_NAME).handlers:
        if isinstance(handler, _Handler):
            handler.flush()
    return path
