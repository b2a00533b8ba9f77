# Corner: the two commands that matter are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test install bench screenshots clean

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
	bash scripts/system-deps.sh
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) tests/bench/bench_till.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
