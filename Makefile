# geokg: the two commands a new machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= geokg-data

.PHONY: run test install install-test lint neo4j bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: build the graph of the bundled example articles and answer one canned query
run: install
	$(BIN)/geokg build examples/ --store $(STORE)
	$(BIN)/geokg query run actor-profile --param actor=Russia --store $(STORE)

## test: install the test extras, start the real test servers, run the whole suite, stop the servers
test: install-test
	bash scripts/test.sh

lint: install-test
	$(BIN)/ruff check .

## neo4j: run the Neo4j 5 test server in the foreground (Ctrl-C stops it)
neo4j:
	bash scripts/neo4j.sh run

bench: install-test
	$(BIN)/python bench/extract_speed.py

clean:
	rm -rf $(STORE) .pytest_cache build *.egg-info
