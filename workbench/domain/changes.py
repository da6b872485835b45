"""Change flags returned by every op, so the UI refreshes only what changed."""

from __future__ import annotations

import enum


class Changes(enum.Flag):
    NONE = 0
    PROJECT = enum.auto()
    DOCUMENTS = enum.auto()
    METADATA = enum.auto()
    SEGMENTS = enum.auto()
    PASSAGES = enum.auto()
    CLAIMS = enum.auto()
    EVIDENCE = enum.auto()
    SOURCES = enum.auto()
    ENTITIES = enum.auto()  # entities, their aliases, rejected variant suggestions (search)
    ALL = PROJECT | DOCUMENTS | METADATA | SEGMENTS | PASSAGES | CLAIMS | EVIDENCE | SOURCES | ENTITIES
