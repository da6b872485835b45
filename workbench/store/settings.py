"""Project settings: a key → text table inside the project file (report author, base URL, title, template).

Settings are not captured for undo (see ``store.changelog.NOT_CAPTURED``); changes are recorded in history.
"""

from __future__ import annotations

from sqlite_utils import Database


def get_all(db: Database) -> dict[str, str]:
    return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM settings ORDER BY key")}


def get(db: Database, key: str, default: str = "") -> str:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else default


def put(db: Database, key: str, value: str) -> None:
    """Set ``key`` to ``value``; an empty value removes the key."""
    if value:
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])
    else:
        db.execute("DELETE FROM settings WHERE key = ?", [key])
