"""Fact-Check Workbench: an offline desktop workbench for fact-checkers."""

__version__ = "0.1.0"
APP_NAME = "Fact-Check Workbench"
