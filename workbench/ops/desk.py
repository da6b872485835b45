"""The desk: several fact-checkers on one project — its sign-off rule, reviewers and members, and who works on
which claim.

The rule lives in the project's settings (``desk.signoff``: "none" or "second"; ``desk.reviewers`` and
``desk.members``: names, one a line), so every copy of the project applies the same rule. ``signoff_check``
is what ``ops.verdicts.set_verdict`` asks before a status change:

* "none" (the default): any change is allowed;
* "second" (a second reader): a draft goes to review before it can be final, and the person who sent it to
  review cannot make it final; when reviewers are listed, only they can.

Names compare without regard to case; a reviewer matches the profile's name or its "Name (Organisation)" form.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench import identity
from workbench.domain.changes import Changes
from workbench.domain.model import Claim, ClaimStatus, utc_now
from workbench.errors import BadArgument
from workbench.store import claims as store_claims
from workbench.store import history
from workbench.store import settings as store_settings
from workbench.store.project import Project

SIGNOFF_KEY, REVIEWERS_KEY, MEMBERS_KEY = "desk.signoff", "desk.reviewers", "desk.members"
SIGNOFF_RULES = {"none": "no sign-off: anyone may change a verdict's status",
                 "second": "a second reader: someone other than the person who sent it to review makes it final"}
MAX_NAMES = 100


@dataclass(frozen=True, slots=True)
class DeskSettings:
    signoff: str = "none"
    reviewers: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


def _names(value: str) -> tuple[str, ...]:
    return tuple(n for n in value.split("\n") if n)


def read_settings(db: Any) -> DeskSettings:
    """The desk's settings (call inside a read or write)."""
    signoff = store_settings.get(db, SIGNOFF_KEY, "none")
    return DeskSettings(signoff if signoff in SIGNOFF_RULES else "none",
                        _names(store_settings.get(db, REVIEWERS_KEY)), _names(store_settings.get(db, MEMBERS_KEY)))


def get_settings(project: Project) -> DeskSettings:
    with project.read() as db:
        return read_settings(db)


def parse_names(text: str, what: str) -> tuple[str, ...]:
    """Names separated by ";" or new lines (blank ones dropped, duplicates kept once)."""
    out: dict[str, str] = {}
    for raw in text.replace("\n", ";").split(";"):
        if raw.strip():
            try:
                name = identity.clean_name(raw)
            except BadArgument as exc:
                raise BadArgument(f"{what}: “{raw.strip()}”: {exc}") from exc
            out.setdefault(name.casefold(), name)
    if len(out) > MAX_NAMES:
        raise BadArgument(f"{what}: at most {MAX_NAMES} names.")
    return tuple(out.values())


def set_settings(project: Project, *, signoff: str | None = None, reviewers: str | None = None,
                 members: str | None = None) -> Changes:
    """Change the desk's rule, reviewers or members (None: unchanged; "" clears a list). Recorded in history."""
    if signoff is not None and signoff.strip() not in SIGNOFF_RULES:
        raise BadArgument(f"“{signoff}” is not a sign-off rule: use none or second.")
    new: dict[str, str] = {}
    if signoff is not None:
        new[SIGNOFF_KEY] = signoff.strip()
    if reviewers is not None:
        new[REVIEWERS_KEY] = "\n".join(parse_names(reviewers, "Reviewers"))
    if members is not None:
        new[MEMBERS_KEY] = "\n".join(parse_names(members, "Members"))
    with project.write() as db:
        old = {key: store_settings.get(db, key) for key in new}
        old = {k: v or ("none" if k == SIGNOFF_KEY else "") for k, v in old.items()}
        changed = {k: v for k, v in new.items() if old[k] != v}
        if not changed:
            return Changes.NONE
        for key, value in changed.items():
            store_settings.put(db, key, "" if key == SIGNOFF_KEY and value == "none" else value)
        history.record(db, "project", "settings", "desk settings edited",
                       before={k.split(".")[1]: old[k] for k in changed},
                       after={k.split(".")[1]: v for k, v in changed.items()})
    return Changes.PROJECT


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def is_me(name: str) -> bool:
    """Whether ``name`` is the person working now (their profile name or "Name (Organisation)")."""
    return bool(name) and (_same(name, identity.current_name()) or _same(name, history.current_user()))


def signoff_check(desk: DeskSettings, claim: Claim, new: ClaimStatus) -> None:
    """Refuse (BadArgument) a status change the desk's rule forbids; see the module docstring."""
    if desk.signoff != "second" or new is not ClaimStatus.FINAL or claim.status is ClaimStatus.FINAL:
        return
    me = history.current_user()
    if claim.status is ClaimStatus.DRAFT:
        raise BadArgument("The desk's sign-off rule (a second reader) does not let a draft become final "
                          "directly: send it to review first, and another member makes it final.")
    if claim.submitted_by and is_me(claim.submitted_by):
        raise BadArgument(f"The desk's sign-off rule (a second reader): {me} sent this verdict to review, so "
                          "someone else must make it final.")
    if desk.reviewers and not any(is_me(r) for r in desk.reviewers):
        raise BadArgument(f"The desk's sign-off rule: only its reviewers ({', '.join(desk.reviewers)}) may make "
                          f"a verdict final, and {me} is not one of them.")


def signoff_values(claim: Claim, new: ClaimStatus) -> dict[str, str]:
    """The sign-off record a status change writes: review → who sent it and when; final → who made it final and
    when; leaving final clears who made it final."""
    now, me = utc_now(), history.current_user()
    values: dict[str, str] = {}
    if new is ClaimStatus.REVIEW:
        values.update(submitted_by=me, submitted_at=now)
    if new is ClaimStatus.FINAL:
        values.update(reviewed_by=me, reviewed_at=now)
    elif claim.status is ClaimStatus.FINAL:
        values.update(reviewed_by="", reviewed_at="")
    return values


def assign(project: Project, claim_id: str, name: str) -> Changes:
    """Assign the claim to a person ("" unassigns); recorded in history."""
    name = identity.clean_name(name, "assignee's name") if name.strip() else ""
    with project.write() as db:
        old = store_claims.get_claim(db, claim_id)
        if old.assignee == name:
            return Changes.NONE
        store_claims.update_claim(db, claim_id, {"assignee": name, "updated_at": utc_now()})
        history.record(db, "claim", claim_id, "claim edited", claim_id=claim_id, before={"assignee": old.assignee},
                       after={"assignee": name})
    return Changes.CLAIMS


def mine(assignee: str) -> bool:
    """Whether a claim assigned to ``assignee`` is the current profile's."""
    return bool(assignee) and _same(assignee, identity.current_name())


FOLDER_KEY = "exchange.folder"  # this file's own set-up: never bundled, never merged


def shared_folder(project: Project) -> Path | None:
    """The desk's shared folder this project exchanges through (File ▸ Shared Folder…; None: none). Read at every
    open, so it lives here rather than in ops.exchange (which loads only when an exchange runs)."""
    with project.read() as db:
        value = store_settings.get(db, FOLDER_KEY)
    return Path(value) if value else None
