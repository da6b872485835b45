"""The user's profile (``workbench.identity``): saved atomically in the config folder, checked, and the name
history and the operation log record (``store.history.current_user``)."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest

from workbench import identity, paths
from workbench.errors import BadArgument
from workbench.store import history


def test_without_a_profile_the_login_name_stands_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "fieldlaptop")
    assert identity.load_profile() is None
    assert history.current_user() == identity.current_name() == "fieldlaptop"


def test_a_saved_profile_names_the_user_in_history(tmp_path: Path) -> None:
    saved = identity.save_profile(identity.Profile("  Lina   Haddad ", "Night Desk", "lina@orontes.example"))
    assert saved == identity.Profile("Lina Haddad", "Night Desk", "lina@orontes.example")
    path = paths.config_dir() / "profile.json"
    assert identity.profile_file() == path
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "name": "Lina Haddad", "organisation": "Night Desk", "email": "lina@orontes.example"}
    assert [p.name for p in path.parent.iterdir()] == ["profile.json"]  # no temporary file left
    assert history.current_user() == "Lina Haddad (Night Desk)"
    assert identity.current_name() == "Lina Haddad"
    identity.save_profile(identity.Profile("Omar Khalil"))
    assert history.current_user() == "Omar Khalil"


@pytest.mark.parametrize(("fields", "message"), [
    (("",), "Your name cannot be empty"),
    (("   ",), "Your name cannot be empty"),
    (("Lina\nHaddad",), "Your name contains control characters"),
    (("Lina\u200fHaddad",), "Your name contains control characters"),
    (("Lina (Desk)",), "cannot contain brackets"),
    (("x" * 81,), "Your name is too long (81 characters; at most 80)"),
    (("Lina", "Night\tDesk"), "Your organisation contains control characters"),
    (("Lina", "o" * 121), "Your organisation is too long"),
    (("Lina", "", "lina@"), "“lina@” is not an email address"),
    (("Lina", "", "lina at orontes.example"), "is not an email address"),
    (("Lina", "", "lina@localhost"), "is not an email address"),
])
def test_bad_profiles_are_refused_with_the_reason(fields: tuple[str, ...], message: str) -> None:
    with pytest.raises(BadArgument, match=message.replace("(", r"\(").replace(")", r"\)")):
        identity.save_profile(identity.Profile(*fields))
    assert not identity.profile_file().exists()


def test_a_damaged_profile_file_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "fieldlaptop")
    identity.profile_file().parent.mkdir(parents=True)
    for content in ("{not json", "[1, 2]", json.dumps({"name": ""}), json.dumps({"name": "a\u0007b"})):
        identity.profile_file().write_text(content, encoding="utf-8")
        assert identity.load_profile() is None, content
        assert history.current_user() == "fieldlaptop"
