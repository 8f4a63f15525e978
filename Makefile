# Set-up and everyday commands. `make demo` and `make test` work on a fresh machine:
# each creates .venv with the first Python >= 3.12 it finds and installs what it needs.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
CANDIDATES := python3.14 python3.13 python3.12 python3 python \
	$(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3) \
	$(wildcard /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9])
PYTHON ?= $(shell for p in $(CANDIDATES); do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v "$$p" || echo "$$p"; } && break; done)
REPORT ?= report
REPS ?= 20
LAB_PORT ?= 8888
DASH_PORT ?= 8866
# Where `make materials`, `make lab` and `make dashboard` keep the course (as the commands do by default).
COURSE_DIR ?= $(HOME)/community-1234

.PHONY: demo test test-browser fuzz format materials lab dashboard notebooks lessons screen bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No Python >= 3.12 found; install one or run: make PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	touch $(VENV)/.installed $@

## demo: compare the traditional office with the full 1234 method; writes $(REPORT)/
demo: $(VENV)/.installed
	$(BIN)/python -m sim compare baseline full-1234 --reps $(REPS) --out $(REPORT)

## test: lint, format check and the whole test suite (model, CLI, lessons, notebooks under nbval, browser)
test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup --no-loadscope-reorder --durations=15
	$(BIN)/python -m pytest --nbval-lax notebooks/ -p no:cacheprovider

## test-browser: only the browser tests (JupyterLab and Voilà in Chromium); screenshots in test-artifacts/browser/
test-browser: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m browser tests/browser

## fuzz: the hostile-input tests (tests/fuzz) with many new random inputs; failures are kept in .hypothesis/
fuzz: $(VENV)/.installed-dev
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest tests/fuzz -m fuzz

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## materials: copy the course into $(COURSE_DIR); run again to add what is new (files you changed are kept)
materials: $(VENV)/.installed
	$(BIN)/python -m sim materials "$(COURSE_DIR)"

## lab: JupyterLab on the course in $(COURSE_DIR) (copied there on first use), 127.0.0.1 with a token; COURSE_DIR=. works on this checkout's own notebooks
lab: $(VENV)/.installed-lab
	$(BIN)/python -m sim lab --dir "$(COURSE_DIR)" --port $(LAB_PORT)

## dashboard: the scenario lab for a projector (Voilà, Chinese, code hidden) on 127.0.0.1 with a token
dashboard: $(VENV)/.installed-lab
	$(BIN)/python -m sim dashboard --dir "$(COURSE_DIR)" --port $(DASH_PORT)

## notebooks: re-run the notebooks and re-record their checked numbers (after a model change)
notebooks: $(VENV)/.installed-dev
	$(BIN)/python notebooks/refresh.py

## lessons: re-run the lessons' comparisons and re-record their quoted numbers (after a model change); then read every STORY CHECK line
lessons: $(VENV)/.installed
	$(BIN)/python lessons/refresh.py

## cards: fill the case cards (and the glossaries) of the lessons and notebooks from lessons/cases.toml and lessons/terms.toml
.PHONY: cards
cards: $(VENV)/.installed
	$(BIN)/python lessons/cards.py

## screen: check the lessons' headline claims across the behavioural assumptions (about 5 minutes); writes lessons/claims-results.toml
screen: $(VENV)/.installed
	$(BIN)/python lessons/screen.py --jobs 2

## bench: performance figures (see README)
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) $(REPORT) test-artifacts .pytest_cache .ruff_cache .hypothesis

## workshop: a workshop room for a training room (docs/workshop.md); SESSION=file resumes a room, LAN=1 lets phones join over the LAN
SESSION ?= workshop.db
.PHONY: workshop
$(VENV)/.installed-workshop: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[workshop]'
	touch $(VENV)/.installed $@

workshop: $(VENV)/.installed-workshop
	$(BIN)/python -m sim workshop --session $(SESSION) $(if $(LAN),--lan,)

## bundle-check: offline bundles for Windows and Apple-silicon Macs (macOS 12+: scipy has no arm64 wheel for 11) resolve; see README
.PHONY: bundle-check print
bundle-check: $(VENV)/.installed-dev
	$(BIN)/python -m sim bundle --out $(REPORT)/bundles --platform win_amd64 --platform macosx_12_0_arm64 --check

## print: the printable A4 PDFs (handouts, case cards, glossary, agenda, answer key) in $(REPORT)/print
print: $(VENV)/.installed-dev
	$(BIN)/python -m sim print --out $(REPORT)/print --lang $(or $(LANG_PRINT),zh)
