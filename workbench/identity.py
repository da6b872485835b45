"""Who is working: the user's profile (name, organisation, optional email), kept in the config folder.

A leaf module (it imports only ``paths``, ``atomicfile`` and ``errors``), so that the store can name the person in
history and the operation log (``store.history.current_user``). The profile is ``<config>/profile.json``, written
atomically; without one the OS login name stands in.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from workbench import paths
from workbench.atomicfile import atomic_write
from workbench.errors import BadArgument

MAX_NAME = 80
MAX_ORGANISATION = 120
MAX_EMAIL = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


@dataclass(frozen=True, slots=True)
class Profile:
    """The person at the keyboard, as history, the log and reports name them."""

    name: str
    organisation: str = ""
    email: str = ""

    @property
    def display(self) -> str:
        """"Name (Organisation)", or "Name" without an organisation."""
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


def profile_file() -> Path:
    return paths.config_dir() / "profile.json"


def _line(what: str, value: str, limit: int, *, required: bool = False) -> str:
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value):
        raise BadArgument(f"Your {what} contains control characters (a line break, a tab…): write it on one line.")
    value = " ".join(value.split())
    if required and not value:
        raise BadArgument(f"Your {what} cannot be empty: history and reports name you by it.")
    if len(value) > limit:
        raise BadArgument(f"Your {what} is too long ({len(value)} characters; at most {limit}).")
    return value


def clean_name(value: str, what: str = "name") -> str:
    """A person's name as a desk's lists and assignments hold it: one line, not empty, at most ``MAX_NAME``
    characters (brackets allowed: "Name (Organisation)")."""
    return _line(what, value, MAX_NAME, required=True)


def make_profile(name: str, organisation: str = "", email: str = "") -> Profile:
    """A checked profile (BadArgument names the field and the reason)."""
    name = _line("name", name, MAX_NAME, required=True)
    if "(" in name or ")" in name:
        raise BadArgument("Your name cannot contain brackets: history shows “Name (Organisation)”.")
    organisation = _line("organisation", organisation, MAX_ORGANISATION)
    email = _line("email", email, MAX_EMAIL)
    if email and not _EMAIL.fullmatch(email):
        raise BadArgument(f"“{email}” is not an email address (like name@example.org).")
    return Profile(name, organisation, email)


_cache: dict[str, tuple[tuple[int, int, int], Profile | None]] = {}  # file → (its stamp, its profile)


def _stamp(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def load_profile() -> Profile | None:
    """The saved profile, or None when there is none (or the file is unreadable or not a valid profile).

    History names the user on every entry: the file is read again only when it changed (its time and size)."""
    path = profile_file()
    try:
        stamp = _stamp(path)
    except OSError:
        return None
    cached = _cache.get(str(path))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    profile = _read(path)
    _cache[str(path)] = (stamp, profile)
    return profile


def _read(path: Path) -> Profile | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return make_profile(str(data.get("name", "")), str(data.get("organisation", "")),
                            str(data.get("email", "")))
    except (OSError, ValueError, AttributeError, BadArgument):
        return None


def save_profile(profile: Profile) -> Profile:
    """Check and save the profile atomically; returns it as saved."""
    checked = make_profile(profile.name, profile.organisation, profile.email)
    folder = profile_file().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(profile_file(), json.dumps(asdict(checked), ensure_ascii=False, indent=2).encode("utf-8"))
        _cache[str(profile_file())] = (_stamp(profile_file()), checked)
    except OSError as exc:
        raise BadArgument(f"{profile_file()}: your profile could not be saved ({exc.strerror or exc}).") from exc
    return checked


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def current_name() -> str:
    """The profile's name (what assignments use), else the login name."""
    profile = load_profile()
    return profile.name if profile else login_name()


def current_display() -> str:
    """The profile's display form ("Name (Organisation)"), else the login name."""
    profile = load_profile()
    return profile.display if profile else login_name()
