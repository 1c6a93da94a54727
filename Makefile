# Developer entry points. `make test` is what CI runs (.ci/run); `make demo` shows the collection at work.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PORT ?= 8780
FIXTURE ?= tests/emulator/fixture.json
# Sanity and units are also run on the newest ansible-core when this interpreter exists.
NEXT_PYTHON ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3 python3.13 $$HOME/.pyenv/versions/3.13*/bin/python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
NEXT_VENV ?= .venv-next

PYVER = $(shell $(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
COLLECTIONS_PATH = $(shell tools/collection_path.sh)
ANSIBLE_ENV = ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_PATH) ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false PATH=$(CURDIR)/$(BIN):$$PATH

.PHONY: help venv system-deps package awx-tests fleet-tests bench-fleet bench bench-quick reliability reliability-tests lint ruff yamllint ansible-lint docs-lint changelog-lint sanity units emulator-tests integration integration-module \
        test test-next demo emulator clean

help:
	@echo "make test       - everything CI runs: linters, ansible-test sanity/units/integration, emulator tests"
	@echo "make demo       - start the emulator, dry-run, apply and switch routes, print API calls per step"
	@echo "make reliability - fault matrix, concurrent writers, bad input, secrets, limits -> docs/reliability.md (~4 min)"
	@echo "make bench      - timing and API-call benchmark against the emulator -> docs/benchmarks.md (~10 min)"
	@echo "make emulator   - run the offline BCE VPC API emulator in the foreground (PORT=$(PORT), FIXTURE=...)"
	@echo "make sanity | units | integration | integration-module | lint | emulator-tests - one part of make test"
	@echo "make units TARGET=tests/unit/plugins/modules/test_route_rule.py | make integration TARGET=route_rule - one test file or target"

venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -U pip
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

lint: ruff yamllint ansible-lint docs-lint changelog-lint

# Python lint and format check (ruff.toml); `$(BIN)/ruff format <files>` formats.
ruff: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

yamllint: venv
	$(BIN)/yamllint --strict .

ansible-lint: venv
	$(ANSIBLE_ENV) $(BIN)/ansible-lint

docs-lint: venv
	$(ANSIBLE_ENV) $(BIN)/antsibull-docs lint-collection-docs --plugin-docs .

changelog-lint: venv
	$(BIN)/antsibull-changelog lint

# shellcheck is a sanity test too; without the program ansible-test would skip it silently.
system-deps:
	@command -v shellcheck >/dev/null 2>&1 || { \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null; \
	    else echo "shellcheck is required (apt-get install shellcheck)" >&2; exit 1; fi; }

sanity: venv system-deps
	tools/ansible_test.sh $(VENV) $(PYVER) sanity --venv --requirements

# TARGET narrows units to a test file or folder (make units TARGET=tests/unit/plugins/modules/test_route_rule.py)
# and integration to one target (make integration TARGET=route_rule).
TARGET ?=

units: venv
	tools/ansible_test.sh $(VENV) $(PYVER) units --venv --requirements $(TARGET)

emulator-tests: venv
	$(PY) -m pytest -q -p no:cacheprovider tests/emulator

# The modules' logic runs in the controller's worker by default (action plugins); integration-module runs the
# same suite with BAIDUCLOUD_EXECUTION=module, the module process (target execution_path asserts which ran).
integration: venv
	BAIDUCLOUD_EXECUTION=auto tools/with_emulator.sh $(PY) tools/ansible_test.sh $(VENV) $(PYVER) integration --venv --requirements $(TARGET)

integration-module: venv
	BAIDUCLOUD_EXECUTION=module tools/with_emulator.sh $(PY) tools/ansible_test.sh $(VENV) $(PYVER) integration --venv --requirements $(TARGET)

# The fast part of the reliability evidence (faults, bad input, secrets, limits); `make reliability` runs it all
# and regenerates docs/reliability.md.
reliability-tests: venv
	$(PY) -m pytest -q -p no:cacheprovider tests/reliability

reliability: venv
	$(PY) -m tests.reliability.run

# Timing and API-call benchmark against the emulator with 30 ms latency; writes docs/benchmarks.md (~10 min).
# bench-quick is a smoke run (~30 s) that fails on wrong calls, write counts or tables, never on timing.
bench: venv
	$(PY) -m tests.bench.bench $(BENCH_ARGS)

# The fleet case: 50 VPCs x 1 rule over the inventory plugin, forks 1 vs 10 (wall time, API calls).
bench-fleet: venv
	$(PY) -m tests.bench.fleet $(BENCH_FLEET_ARGS)

bench-quick: venv
	$(PY) -m tests.bench.bench --quick

# AWX's engine (ansible-runner) with credentials injected only as the credential type's environment variables.
awx-tests: venv
	tools/with_emulator.sh $(PY) $(PY) -m pytest -q -p no:cacheprovider tests/awx

# The VPC fleet: the inventory plugin against one emulator per region, the fleet play with forks and as AWX job slices.
fleet-tests: venv
	$(PY) -m pytest -q -p no:cacheprovider tests/fleet

# ansible-galaxy build, install into an empty path, run a playbook from the installed copy.
package: venv
	tools/with_emulator.sh $(PY) tools/package_check.sh $(VENV)

# Sanity and units on the newest ansible-core, which needs Python >= 3.12; skipped (and said so) without it.
test-next:
	@if [ -n "$(NEXT_PYTHON)" ]; then \
	    [ -x $(NEXT_VENV)/bin/ansible-test ] || { $(NEXT_PYTHON) -m venv $(NEXT_VENV) && $(NEXT_VENV)/bin/pip install -q --disable-pip-version-check -r requirements-next.txt; }; \
	    NEXT_VER=$$($(NEXT_VENV)/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	    tools/ansible_test.sh $(NEXT_VENV) $$NEXT_VER sanity --venv --requirements; \
	    tools/ansible_test.sh $(NEXT_VENV) $$NEXT_VER units --venv --requirements; \
	else echo "test-next: no Python >= 3.12 here, the newest ansible-core was not tested"; fi

test: lint sanity units emulator-tests reliability-tests integration integration-module awx-tests fleet-tests package bench-quick test-next

demo: venv
	tools/with_emulator.sh $(PY) env $(ANSIBLE_ENV) ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_CALLBACK_RESULT_FORMAT=yaml \
	    $(BIN)/ansible-playbook examples/demo.yml

emulator: venv
	$(PY) -m tests.emulator --port $(PORT) --fixture $(FIXTURE)

clean:
	rm -rf tests/output dist .pytest_cache
