#!/usr/bin/env bash
# Is the collection publishable, and does an execution environment that includes it build (issue 27)?
#   1. ansible-galaxy collection build, which must print nothing on stderr (a CryptographyDeprecationWarning or any
#      other warning of the tool chain fails here: every command of the venv would print it);
#   2. galaxy-importer on that tarball, as Galaxy and Automation Hub run it on upload (its ansible-test step off,
#      ansible-lint on); any warning or error it logs fails;
#   3. ansible-builder create on both definitions in docs/awx/execution-environment/ (no container runtime needed),
#      with no warning, the tarball in the tarball variant's build context and the collection in each requirements.yml;
#   4. the tarball variant's galaxy stage run here (its requirements.yml and ansible-galaxy options), then
#      ansible-builder introspect over that install, as its builder stage does: requests must be listed.
# usage: tools/publish_check.sh <venv>
set -euo pipefail
venv=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d -t baiducloud-vpc-publish.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The importer finds ansible-galaxy, ansible-doc and ansible-lint on PATH, as it does on Galaxy.
export PATH="$venv/bin:$PATH"
export ANSIBLE_LOCAL_TEMP="$work/ansible-tmp"
# Nothing from the caller's environment may change what the importer checks (it reads GALAXY_IMPORTER_<KEY>).
while read -r name; do unset "$name"; done < <(compgen -e | grep '^GALAXY_IMPORTER_' || true)
ee_docs="$repo/docs/awx/execution-environment"

step() {
    echo "== $1 (${SECONDS} s)"
}

fail() {
    echo "publish-check: $*" >&2
    exit 1
}

step "ansible-galaxy collection build"
"$venv/bin/ansible-galaxy" collection build --output-path "$work/dist" "$repo" >"$work/build.out" 2>"$work/build.err"
if [ -s "$work/build.err" ]; then
    cat "$work/build.err" >&2
    fail "ansible-galaxy printed the above on stderr; every command of $venv does (requirements-dev.txt pins what it imports)"
fi
tarball=$(ls "$work"/dist/baiducloud-vpc-*.tar.gz)
tarball_name=$(basename "$tarball")
echo "built $tarball_name"

step "galaxy-importer $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("galaxy-importer"))') on $tarball_name"
# What Galaxy runs on upload, minus ansible-test: that needs a container runtime, and make test runs ansible-test
# sanity on every supported line anyway. Every other check is set here so that a new default cannot change it.
cat >"$work/galaxy-importer.cfg" <<CFG
[galaxy-importer]
run_ansible_test = False
run_ansible_lint = True
offline_ansible_lint = True
run_ansible_doc = True
run_flake8 = False
check_changelog = True
check_required_tags = True
require_v1_or_greater = False
ansible_local_tmp = $work/ansible-tmp
tmp_root_dir = $work
log_level_main = INFO
CFG
mkdir -p "$work/importer"
importer_rc=0
# The importer writes importer_result.json into its working directory.
(cd "$work/importer" && GALAXY_IMPORTER_CONFIG="$work/galaxy-importer.cfg" \
    "$venv/bin/python" -m galaxy_importer.main "$tarball") >"$work/importer.out" 2>&1 || importer_rc=$?
grep -v '^Loading ' "$work/importer.out" || true
if [ "$importer_rc" != 0 ] || grep -Eq '^(WARNING|ERROR|CRITICAL):' "$work/importer.out" ||
    ! grep -qx 'Importer processing completed successfully' "$work/importer.out"; then
    cat "$work/importer.out" >&2
    fail "galaxy-importer did not accept $tarball_name cleanly (exit $importer_rc; full log above)"
fi

# ansible-builder create on a copy of each definition (it writes its context next to nothing of ours). Its
# warnings carry no prefix (e.g. "No matches for 'x.tar.gz' in additional_build_files.", and it still exits 0),
# so anything but the one line of success fails.
builder_create() {
    local variant=$1
    mkdir -p "$work/ee-$variant"
    cp -r "$ee_docs/$variant/." "$work/ee-$variant/"
    if ! "$venv/bin/ansible-builder" create -f "$work/ee-$variant/execution-environment.yml" \
        -c "$work/ee-$variant/context" >"$work/ee-$variant.out" 2>&1 ||
        [ "$(cat "$work/ee-$variant.out")" != "Complete! The build context can be found at: $work/ee-$variant/context" ]; then
        cat "$work/ee-$variant.out" >&2
        fail "ansible-builder create failed or warned on docs/awx/execution-environment/$variant"
    fi
    "$venv/bin/python" - "$work/ee-$variant/context/_build/requirements.yml" "$2" <<'PY'
import sys

import yaml

with open(sys.argv[1]) as handle:
    names = [entry["name"] for entry in yaml.safe_load(handle)["collections"]]
if names != [sys.argv[2]]:
    sys.exit("publish-check: %s installs %s, expected only %s" % (sys.argv[1], names, sys.argv[2]))
PY
    echo "ansible-builder create: docs/awx/execution-environment/$variant"
}

step "ansible-builder $("$venv/bin/ansible-builder" --version) create"
grep -q "src: $tarball_name\$" "$ee_docs/tarball/execution-environment.yml" ||
    fail "docs/awx/execution-environment/tarball/execution-environment.yml does not name $tarball_name, the tarball of galaxy.yml's version (tools/release.sh updates it on release)"
mkdir -p "$work/ee-tarball"
cp "$tarball" "$work/ee-tarball/"
builder_create tarball "/build/collections/$tarball_name"
[ -f "$work/ee-tarball/context/_build/collections/$tarball_name" ] ||
    fail "the build context of the tarball variant lacks _build/collections/$tarball_name"
builder_create galaxy baiducloud.vpc

step "the tarball variant's galaxy stage, then ansible-builder introspect as its builder stage"
# The image copies the context's _build/ to /build: here, /build/ is that _build/ folder.
sed "s#/build/#$work/ee-tarball/context/_build/#" "$work/ee-tarball/context/_build/requirements.yml" \
    >"$work/requirements-local.yml"
collection_opts=$("$venv/bin/python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["build_arg_defaults"]["ANSIBLE_GALAXY_CLI_COLLECTION_OPTS"])' \
    "$ee_docs/tarball/execution-environment.yml")
# shellcheck disable=SC2086  # the options are words, as in the Containerfile's RUN line
ANSIBLE_GALAXY_DISABLE_GPG_VERIFY=1 ANSIBLE_COLLECTIONS_PATH="$work/ee-collections" \
    "$venv/bin/ansible-galaxy" collection install $collection_opts -r "$work/requirements-local.yml" \
    --collections-path "$work/ee-collections" >"$work/install.out" 2>&1 || {
    cat "$work/install.out" >&2
    fail "ansible-galaxy could not install the tarball variant's requirements.yml"
}
"$venv/bin/ansible-builder" introspect --sanitize --write-pip "$work/ee-pip.txt" "$work/ee-collections" \
    >"$work/introspect.out" 2>&1 || {
    cat "$work/introspect.out" >&2
    fail "ansible-builder introspect failed over the installed tarball"
}
cat "$work/ee-pip.txt"
grep -Eq '^requests[[:space:]]+# from collection baiducloud\.vpc$' "$work/ee-pip.txt" ||
    fail "ansible-builder introspect does not list requests for baiducloud.vpc"

echo "publish-check passed in ${SECONDS} s"
