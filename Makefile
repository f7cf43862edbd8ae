# Entry points: `make demo`, `make test` (the quick tier) and `make test-full` (everything, as
# CI runs it). All create (or reuse) .venv with the `dev` extra.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/liquidstate demo --out out/demo

# Quick tier: skips the tests marked slow, and what lacks Brian2, ReservoirPy or the FSDD data
# (the reasons are listed at the end); at most 5 minutes on 2 cores.
test: $(STAMP)
	$(BIN)/python -m pytest -q

.PHONY: test-full golden

# Full tier: every test, the slow experiments, the Brian2 oracle, the ESN baseline and the
# FSDD runs (../shared/datasets/fsdd or $$LIQUIDSTATE_FSDD); a missing dependency or dataset
# fails. --continue-on-collection-errors: report every failure, not only the first module's.
test-full: $(STAMP)
	$(BIN)/python -m pytest -q --full --continue-on-collection-errors --durations=20

# Rewrite tests/golden/figures.json; only when results are meant to change (see the script).
golden: $(STAMP)
	$(BIN)/python tests/golden/make_golden.py

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/engine.py

# The documentation site, into docs/_build/html (open docs/_build/html/index.html). Built from
# scratch each time (stale generated pages would warn); -W: any warning fails the build.
docs: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	rm -rf docs/_build docs/api/generated docs/gallery/generated
	$(BIN)/python -m sphinx -b html -W --keep-going -q docs docs/_build/html
	@echo "docs: open docs/_build/html/index.html"

clean:
	rm -rf $(VENV) out .pytest_cache
