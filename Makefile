# Corner: the two commands that matter are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test install bench screenshots clean package package-test

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	bash scripts/system-deps.sh
	$(PY) -m app.demo

test: $(STAMP)
	bash scripts/system-deps.sh --tests
	$(PY) -m pytest -q --durations=25

# The frozen till (PyInstaller, one folder): dist/corner/corner. See docs/packaging.md.
package: $(STAMP)
	$(PY) packaging/build.py

# Build if a source changed, run the frozen self-test (offscreen, and xcb when Xvfb is here), print the size.
package-test: $(STAMP)
	$(PY) packaging/build.py --test

# Every script in tests/bench, three runs each, the load average beside each run.
bench: $(STAMP)
	$(PY) tests/bench/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
