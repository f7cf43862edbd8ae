# Two entry points: `make demo` and `make test`. Both create (or reuse) .venv.
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

test: $(STAMP)
	$(BIN)/python -m pytest -q

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
