# Fact-Check Workbench — developer commands. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
QT_SYSTEM_PACKAGES := libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0 fonts-dejavu-core fonts-noto-color-emoji \
	libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-xinerama0 libxcb-randr0 \
	libxcb-render-util0 libxcb-image0 libxcb-shape0
# The browser tests of the static site (tests/e2e/test_export_site.py) drive Debian's Chromium; none is downloaded.
BROWSER_SYSTEM_PACKAGES := chromium
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test fuzz bench eval lint typecheck syspkgs screenshot clean package package-test

# Python >= 3.12 is required (PySide6 6.12 aborts on 3.11); find one that really runs.
PYTHON_FOR_VENV = $(shell for p in python3.12 python3.13 /root/.pyenv/versions/3.12*/bin/python3.12 \
	/root/.pyenv/versions/3.13*/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.13 \
	/usr/local/bin/python3.12 /usr/local/bin/python3.13 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p || echo $$p; } && break; done)

$(VENV)/bin/python:
	@py="$(PYTHON_FOR_VENV)"; if [ -z "$$py" ]; then \
	  echo "error: Python 3.12 or newer is needed (PySide6 aborts on 3.11). Install python3.12 and retry." >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV)

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

# Installs the system libraries Qt needs (and Chromium for the site's browser tests), when missing and as root.
syspkgs:
	@missing=""; for p in $(QT_SYSTEM_PACKAGES) $(BROWSER_SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing system packages Qt needs:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) >/dev/null \
	    || echo "warning: could not install$$missing" >&2; \
	else echo "note: Qt may need these system packages:$$missing (run as root or install them)" >&2; fi

run: $(STAMP)
	@$(PY) -m workbench --demo

test: $(STAMP) syspkgs
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider --benchmark-disable -n auto --maxprocesses=4

# Long fuzzing of every importer and the bundle reader (tests/fuzz): many random examples instead of the bounded,
# derandomised ones `make test` runs; every crash is saved to tests/fixtures/fuzz/ (commit it with its fix).
fuzz: $(STAMP) syspkgs
	WORKBENCH_FUZZ=long QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/fuzz -q -p no:cacheprovider --hypothesis-show-statistics

# Benchmarks with figures; each fails over its budget (tests/benchmarks/budgets.py), then the README table is printed.
# faulthandler_timeout=0: several benchmarks legitimately run for minutes (the 100,000-article corpus and its index),
# and the watchdog's dump of a running thread can itself segfault CPython 3.12 (python/cpython#116008).
bench: $(STAMP) syspkgs
	@mkdir -p .benchmarks && rm -f .benchmarks/latest.json
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/benchmarks -q -p no:cacheprovider -o faulthandler_timeout=0 \
	  --benchmark-only --benchmark-columns=min,median,mean,max,rounds --benchmark-json=.benchmarks/latest.json; \
	  status=$$?; [ -s .benchmarks/latest.json ] && $(PY) tests/benchmarks/budgets.py .benchmarks/latest.json; exit $$status

# Scores the importers on the evaluation corpora (tests/eval); writes tests/eval/results/latest.{md,json}.
eval: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.eval --rows

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m workbench screenshot --demo docs/screenshot-main.png

# A desktop installer: PyInstaller bundle → dist/fact-check-workbench_<version>_<arch>.deb (see packaging/README.md).
package:
	bash packaging/build_linux.sh

# As root: install that .deb, run the installed app's smoke test, open a project through the desktop entry, purge.
package-test:
	bash packaging/test_deb.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
