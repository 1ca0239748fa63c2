# 政策汇编站 — set-up, build and tests. `make site` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
INPUTS ?=

.PHONY: site test test-fast serve convert clean browsers bench train

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## site: build the bundled sample (or INPUTS="file.txt folder/") into site/
site: $(STAMP)
	$(BIN)/policy-site build $(INPUTS)

## serve: convert and serve with live reload on http://127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/policy-site serve $(INPUTS)

## test: the whole suite (seed tests skip when ../shared/seeds is absent)
test: $(STAMP)
	$(BIN)/python -m pytest -q

## test-fast: without browser tests
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser"

## train: rebuild the learned segmenter's model (converter/data/segmenter.crfsuite) from generated compilations
train: $(STAMP)
	$(BIN)/python -m training.train

clean:
	rm -rf site .pytest_cache
	cd docs && rm -rf documents issues reports departments themes types data index.md timeline.md feed.xml eli status.md targets.md .cache
	rm -rf .cache/plugin

## bench: our build against stock Material, Hugo and Pagefind at SIZES issues → docs/benchmarks.md
## (slow; not a test; Hugo is Debian's `hugo`, installed here when missing and run as root)
SIZES ?= 10 100 300 1000
RUNS  ?= 3
bench: $(STAMP)
	command -v hugo >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq hugo >/dev/null; } || true
	$(BIN)/pip install --quiet -e '.[test,bench]'
	nice $(BIN)/python bench/run.py --sizes $(SIZES) --runs $(RUNS)
