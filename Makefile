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

PYVER = $(shell $(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
COLLECTIONS_PATH = $(shell tools/collection_path.sh)
ANSIBLE_ENV = ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_PATH) ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false PATH=$(CURDIR)/$(BIN):$$PATH


.PHONY: integration-variant integration-variants live live-probe live-emulator
.PHONY: test-prep line-venvs line-venv-oldest line-venv-newest sanity-newest sanity-oldest units-newest units-oldest integration-newest-1 integration-newest-2 integration-oldest docs-site
.PHONY: help venv system-deps package awx-tests plan-tests fleet-tests docs-tests bench-fleet bench bench-quick reliability reliability-tests lint ruff yamllint ansible-lint docs-lint changelog-lint sanity units emulator-tests integration integration-module \
        test test-matrix test-edges test-line docs chromium-deps release demo emulator clean

help:
	@echo "make test       - everything CI runs: linters, ansible-test sanity/units/integration, emulator tests"
	@echo "make demo       - start the emulator, dry-run, apply and switch routes, print API calls per step"
	@echo "make reliability - fault matrix, concurrent writers, bad input, secrets, limits -> docs/reliability.md (~4 min)"
	@echo "make bench      - timing and API-call benchmark against the emulator -> docs/benchmarks.md, and the fleet case -> docs/benchmarks-fleet.md"
	@echo "make emulator   - run the offline BCE VPC API emulator in the foreground (PORT=$(PORT), FIXTURE=...)"
	@echo "make live       - the live kit against your account (see README); make live-probe writes docs/live-fidelity.md"
	@echo "make integration-variants - the whole integration suite under each emulator variant, then all together"
	@echo "make sanity-newest | units-oldest | integration-oldest | lint | ... - one part of make test (TEST_PARTS)"
	@echo "make sanity | units | integration | integration-module - ansible-test on the dev venv's line (2.19)"
	@echo "make units TARGET=tests/unit/plugins/modules/test_route_rule.py | make integration TARGET=route_rule - one test file or target"
	@echo "make test-matrix - sanity and units on every ansible-core line in tools/ansible_lines.txt, integration on the oldest and newest"
	@echo "make test-line LINE=2.18 PARTS=\"sanity units\" - one line of the matrix"
	@echo "make docs       - HTML docs site (antsibull-docs) -> tests/output/docs-site/build/html, checked in headless Chromium"
	@echo "make release VERSION=x.y.z - changelog, galaxy.yml version, tarball and installed-tarball check, on a clean tree"

# The stamp names a hash of requirements-dev.txt, not its date: a fresh clone or a branch switch gives the file a
# new mtime without new content, and that must not rebuild the venv (nor may a changed file go unnoticed).
VENV_STAMP := $(VENV)/.installed-$(shell sha1sum < requirements-dev.txt | cut -c1-12)
venv: $(VENV_STAMP)

$(VENV_STAMP):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -U pip
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
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

# Timing and API-call benchmark against the emulator at 0 and 30 ms latency, both execution paths, and the
# amazon.aws reference (tests/bench/reference.py sets up .venv-ref from PyPI on first use); writes docs/benchmarks.md
# (~25 min on 2 CPUs). bench-quick is a smoke run (about a minute on a quiet machine; no reference) that fails on
# wrong calls, write counts or tables, never on timing.
bench: venv
	$(PY) -m tests.bench.bench $(BENCH_ARGS)
	$(PY) -m tests.bench.fleet $(BENCH_FLEET_ARGS)

# The fleet case (issues 17, 25): 1,000 VPCs over 3 regions: the inventory listing vs the same hosts from static YAML,
# the fleet play's no-op vs an ansible.builtin.ping play (forks 20; add --forks 5 20 for Ansible's default too, ~4 min
# more), and 50 VPCs converged from empty with their API calls (tests/bench/fleet.py; docs/benchmarks-fleet.md, ~6 min).
BENCH_FLEET_ARGS ?= --output docs/benchmarks-fleet.md
bench-fleet: venv
	$(PY) -m tests.bench.fleet $(BENCH_FLEET_ARGS)

bench-quick: venv
	$(PY) -m tests.bench.bench --quick

# AWX's engine (ansible-runner) with credentials injected only as the credential type's environment variables.
awx-tests: venv
	tools/with_emulator.sh $(PY) $(PY) -m pytest -q -p no:cacheprovider tests/awx

# The VPC fleet: the inventory plugin against one emulator per region, the fleet play with forks and as AWX job slices.
# Approved plans (issue 26): the AWX workflow check+record -> approval -> run through ansible-runner. Part of
# awx-tests (tests/awx) as well; this target runs it alone.
plan-tests: venv
	tools/with_emulator.sh $(PY) $(PY) -m pytest -q -p no:cacheprovider tests/awx/test_approved_plans.py

fleet-tests: venv
	$(PY) -m pytest -q -p no:cacheprovider tests/fleet

# Docs as tests: every shipped playbook and README play against one emulator, as documented (tests/docs).
docs-tests: venv
	$(PY) -m pytest -q -p no:cacheprovider tests/docs

# ansible-galaxy build, install into an empty path, run a playbook from the installed copy.
package: venv
	tools/with_emulator.sh $(PY) tools/package_check.sh $(VENV)

# Publishable (issue 27): galaxy-importer on the built tarball as Galaxy runs it on upload (ansible-lint on,
# ansible-test off), fails on any warning; ansible-builder create on docs/awx/execution-environment/*, and
# introspect over the tarball installed as the EE's galaxy stage installs it (requests listed). About 25 s of CPU.
.PHONY: publish-check
publish-check: venv
	tools/publish_check.sh $(VENV)

# The ansible-core matrix: one row per release line in tools/ansible_lines.txt (line, Python, pin), each in
# its own .venv-<line>. test-edges (in make test) runs everything on the oldest and newest lines;
# test-matrix adds sanity and units on the lines between.
MATRIX_LINES = $(shell grep -Ev '^[[:space:]]*(\#|$$)' tools/ansible_lines.txt | cut -d' ' -f1)
LINE ?= newest
PARTS ?= sanity units

LINE_TEST = EMULATOR_PYTHON=$(abspath $(PY)) tools/ansible_line.sh

# Everything on both edge lines: the oldest runs the integration suite through the module path
# (BAIDUCLOUD_EXECUTION=module), the newest in-process. make test runs the cut of it below (CI parts).
test-edges: venv system-deps
	BAIDUCLOUD_EXECUTION=module $(LINE_TEST) oldest sanity units integration
	$(LINE_TEST) newest sanity units integration

test-matrix: test-edges
	@for line in $(filter-out $(firstword $(MATRIX_LINES)) $(lastword $(MATRIX_LINES)),$(MATRIX_LINES)); do \
	    $(LINE_TEST) $$line sanity units; done

test-line: venv system-deps
	$(LINE_TEST) $(LINE) $(PARTS)

# Headless Chromium for the docs page check; installed like shellcheck.
chromium-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	    else echo "chromium is required (apt-get install chromium)" >&2; exit 1; fi; }

# The HTML docs site (warnings are errors) and its pages' HTML checked for their titles and for any rendering
# error (docs-site, no browser); docs opens the same pages in headless Chromium, whose screenshots stay in
# tests/output/ for a person to look at.
DOCS_SITE = tests/output/docs-site/build/html
# <html file> <expected title> <screenshot name> per page: the plugin page, the README, the AWX guides and the roles.
DOCS_PAGES = route_rule_module.html 'baiducloud.vpc.route_rule' route_rule \
	readme.html 'Baidu AI Cloud VPC routing for Ansible' readme \
	awx/README.html 'Running baiducloud.vpc from AWX' awx \
	awx/inventory.html 'A VPC fleet in AWX' awx-inventory \
	awx/credential_type.html 'AWX credential type' awx-credential-type \
	roles/nat_default_route.html 'guide and example playbook' role-nat \
	roles/vpn_default_route.html 'guide and example playbook' role-vpn
docs-site: venv
	tools/docs_site.sh $(VENV)
	set -- $(DOCS_PAGES); args=; while [ $$# -gt 0 ]; do args="$$args $(DOCS_SITE)/$$1 '$$2'"; shift 3; done; \
	    eval $(PY) tools/docs_screenshot.py --html-only $$args

docs: docs-site chromium-deps
	set -- $(DOCS_PAGES); args=; while [ $$# -gt 0 ]; do args="$$args $(DOCS_SITE)/$$1 '$$2' tests/output/docs-$$3.png"; shift 3; done; \
	    eval $(PY) tools/docs_screenshot.py $$args

# make release VERSION=x.y.z: refuses a dirty tree or a version not newer than galaxy.yml's. The benchmark
# smoke run and the docs page in Chromium run here, not in make test (CONTRIBUTING.md, "What make test runs").
release: venv bench-quick docs
	tools/release.sh $(VENV) $(VERSION)

# make test (CI, .ci/run): each suite once where the ansible-core line cannot change its result, and on the oldest
# line only what can (CONTRIBUTING.md, "What make test runs where", says why for each). First the three venvs
# and the system programs, once; then TEST_PARTS, two at a time (tools/ci_parts.py): each part's log is printed
# whole when it ends, then a table of wall and CPU seconds per part. Longest first, so the short ones fill the end.
# A new suite for CI: its make target goes into TEST_PARTS (by its cost: the table of the last run says); a venv
# or program it needs, built once before the parts start, goes into TEST_PREP.
TEST_JOBS ?= 2
TEST_PREP ?= venv line-venvs system-deps
TEST_PARTS ?= integration-oldest integration-newest-1 integration-variant integration-newest-2 sanity-newest \
              reliability-tests docs-tests sanity-oldest lint publish-check units-newest awx-tests fleet-tests \
              units-oldest docs-site emulator-tests live-emulator package
test:
	@mkdir -p tests/output
	@tools/collection_path.sh >/dev/null
	$(PYTHON) tools/ci_parts.py --make "$(MAKE)" -j $(TEST_JOBS) --first test-prep $(TEST_PARTS)

# The venvs and programs of TEST_PREP, built at the same time (mostly waiting on the package index).
test-prep:
	$(MAKE) --no-print-directory -j4 -O $(TEST_PREP)

# The oldest and newest lines' venvs (tools/ansible_line.sh builds each once, with the test requirements).
line-venvs: line-venv-oldest line-venv-newest
line-venv-oldest line-venv-newest: line-venv-%:
	$(LINE_TEST) $*

# Sanity: every test on the newest line. On the oldest only the tests whose result the line decides: compile and
# import (its Pythons, its module_utils), validate-modules and ansible-doc (its doc schema, fragments and argument
# spec handling), runtime-metadata (its meta/runtime.yml schema), action-plugin-docs. The others (pylint, pep8,
# yamllint, shellcheck, shebang, line-endings, ...) check the files' text with tools whose verdict does not
# depend on the ansible-core line.
OLDEST_SANITY ?= compile import validate-modules ansible-doc runtime-metadata action-plugin-docs
sanity-newest: venv system-deps
	$(LINE_TEST) newest sanity

sanity-oldest: venv
	$(LINE_TEST) oldest sanity -- $(addprefix --test ,$(OLDEST_SANITY))

# Units: all on the newest line. On the oldest the files that run ansible-core code: the action plugins and the
# in-process path, the inventory plugin (templating, unsafe values), the modules' main() through AnsibleModule,
# and the generic shell on AnsibleModule (test_module.py). The other module_utils tests import nothing from
# ansible-core (only _module.py does), so the line cannot change their result.
OLDEST_UNITS ?= tests/unit/plugins/action/ tests/unit/plugins/inventory/ tests/unit/plugins/modules/ \
                tests/unit/plugins/module_utils/test_module.py
# One pytest worker: make test already runs two parts at once, and a second worker only repeats the imports.
UNITS_WORKERS ?= 1
units-newest: venv
	$(LINE_TEST) newest units -- --num-workers $(UNITS_WORKERS)

units-oldest: venv
	$(LINE_TEST) oldest units -- --num-workers $(UNITS_WORKERS) $(OLDEST_UNITS)

# Integration: the whole suite in-process on the newest line, in two groups that run at once (each its own
# emulator): INTEGRATION_GROUP_1, then every other target. On the oldest line through the module path, the
# targets that exercise what the module path or the line changes, then a few in-process (CONTRIBUTING.md says which
# and why).
INTEGRATION_GROUP_1 ?= route_rule role_nat_default_route role_vpn_default_route
OLDEST_TARGETS ?= execution_path api_data_not_template module_defaults_group next_hops role_credentials \
                  role_nat_default_route role_vpn_default_route
# The in-process path on the oldest line (the default there too): the module's own AnsibleModule run in the worker,
# with the module-process globals of 2.17.
OLDEST_INPROCESS_TARGETS ?= execution_path api_data_not_template route_table
integration-newest-1: venv
	$(LINE_TEST) newest integration -- $(INTEGRATION_GROUP_1)

integration-newest-2: venv
	$(LINE_TEST) newest integration -- $(addprefix --exclude ,$(INTEGRATION_GROUP_1))

integration-oldest: venv
	BAIDUCLOUD_EXECUTION=module $(LINE_TEST) oldest integration -- $(OLDEST_TARGETS)
	$(LINE_TEST) oldest integration -- $(OLDEST_INPROCESS_TARGETS)

# The emulator variants (reference 7: what the sources leave open). make test runs the route targets under all of
# them together; integration-variants runs the whole suite under each. Under multipath-unlisted the service creates multi-path rules but never lists them, so the multi-path lifecycles
# cannot converge: setup_emulator learns the variant (emulator_multipath_listed) and every multi-path step asserts
# what the collection must do there instead (created with a warning, a re-run fails after one refused create, no
# loop, no duplicate, no switch, nothing shown or purged). module_defaults_group also writes a pair, so it is here.
ROUTE_TARGETS ?= route_rule route_table route_switch route_table_info module_defaults_group next_hops
EMULATOR_VARIANTS ?= system-rule-ids marker-after default-gateway multipath-unlisted bcc-vpc-ignored
# make test runs the targets once with every variant together (one emulator run, about as long as
# make integration TARGET=those targets). With multipath-unlisted in
# it, this run no longer converges multi-path rules: integration-newest-1/-2 (in make test) run the whole suite
# against the default emulator, which does. bcc-vpc-ignored (the BCC list ignores a lone vpcId and lists the region,
# reference 8.2) is why next_hops, which writes instance rules, is among these targets.
TEST_VARIANT ?= system-rule-ids,marker-after,default-gateway,multipath-unlisted,bcc-vpc-ignored

integration-variant: venv
	BAIDUCLOUD_EMULATOR_VARIANT=$(TEST_VARIANT) tools/with_emulator.sh $(PY) tools/ansible_test.sh $(VENV) $(PYVER) integration --local $(ROUTE_TARGETS)

# Every target (the whole suite) under each variant alone, then under all of them together: about 5 x 10 minutes.
# VARIANT_TARGETS=... narrows it (empty: every target).
VARIANT_TARGETS ?=
integration-variants: venv
	set -e; for variant in $(EMULATOR_VARIANTS) $(TEST_VARIANT); do \
	    echo "== emulator variant $$variant"; \
	    BAIDUCLOUD_EMULATOR_VARIANT=$$variant tools/with_emulator.sh $(PY) tools/ansible_test.sh $(VENV) $(PYVER) integration --venv --requirements $(VARIANT_TARGETS); \
	done

# The live kit against a real account (README "Running against your account"); refuses without the settings.
live: venv
	tools/live.sh $(VENV) playbook

live-probe: venv
	tools/live.sh $(VENV) probe docs/live-fidelity.md

# The live kit in make test: the same scripts against the emulator (endpoint override), its refusal without settings,
# and its clean-up after a failed run (every update answered 500). Its guard: a VPC with routes the kit did not create
# (the fixture's second VPC, Kubernetes node routes) is refused without BAIDUCLOUD_LIVE_DEDICATED_VPC=yes.
LIVE_EMULATOR_ENV = BAIDUCLOUD_ENDPOINT=$$BAIDUCLOUD_EMULATOR_URL BAIDUCLOUD_ACCESS_KEY=emulator-ak BAIDUCLOUD_SECRET_KEY=emulator-sk \
	BAIDUCLOUD_LIVE_VPC_ID=vpc-emu1demo0001 BAIDUCLOUD_LIVE_NAT_ID=nat-emu1demo0001 \
	BAIDUCLOUD_LIVE_DCGW_IDS=dcgw-emu1demo0001,dcgw-emu1demo0002 BAIDUCLOUD_LIVE_PROBE_QUOTA=1 BAIDUCLOUD_LIVE_DEDICATED_VPC=yes
live-emulator: venv
	! env -u BAIDUCLOUD_ACCESS_KEY -u BAIDUCLOUD_LIVE_VPC_ID tools/live.sh $(VENV) playbook 2>tests/output/live-refusal.txt
	grep -q 'refusing to run: BAIDUCLOUD_ACCESS_KEY' tests/output/live-refusal.txt
	tools/with_emulator.sh $(PY) env BAIDUCLOUD_REGION= bash -c '! $(LIVE_EMULATOR_ENV) BAIDUCLOUD_LIVE_DEDICATED_VPC= \
	    BAIDUCLOUD_LIVE_VPC_ID=vpc-emu2demo0001 tools/live.sh $(VENV) probe tests/output/live-refused.md 2>tests/output/live-refusal.txt'
	grep -q 'refusing to run: vpc-emu2demo0001 is not dedicated to this test' tests/output/live-refusal.txt
	test ! -e tests/output/live-refused.md
	tools/with_emulator.sh $(PY) env BAIDUCLOUD_REGION= bash -c '$(LIVE_EMULATOR_ENV) tools/live.sh $(VENV) playbook && \
	    $(LIVE_EMULATOR_ENV) tools/live.sh $(VENV) probe tests/output/live-fidelity-emulator.md && \
	    $(LIVE_EMULATOR_ENV) $(PY) -m tests.live.failure_cleanup tools/live.sh $(VENV) playbook'

demo: venv
	tools/with_emulator.sh $(PY) env $(ANSIBLE_ENV) ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_CALLBACK_RESULT_FORMAT=yaml \
	    $(BIN)/ansible-playbook examples/demo.yml

emulator: venv
	$(PY) -m tests.emulator --port $(PORT) --fixture $(FIXTURE)

clean:
	rm -rf tests/output dist .pytest_cache
