#!/usr/bin/env bash
# Run ansible-test from a temporary ansible_collections/baiducloud/vpc copy of the checkout:
# ansible-test needs that real path and refuses symlinks.
# usage: tools/ansible_test.sh <venv> <python-version> <ansible-test args...>
set -euo pipefail
venv=$1 pyver=$2
shift 2
repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$venv/bin/activate"

# ansible-test downloads get-pip.py to bootstrap its venvs; that host is unreachable here.
pipver=$(python -c 'from types import SimpleNamespace as S; from ansible_test._internal.python_requirements import get_venv_packages as g; print(g(S(version="'"$pyver"'"))["pip"])')
# Written under a private name and renamed: parallel runs (make test) never read a half-written file.
cache=$HOME/.ansible/test/cache
mkdir -p "$cache"
cp "$repo/tools/get_pip_offline.py" "$cache/.get_pip.$$"
mv -f "$cache/.get_pip.$$" "$cache/get_pip_${pipver//./_}.py"

work=$(mktemp -d -t baiducloud-vpc-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
tree=$work/ansible_collections/baiducloud/vpc
mkdir -p "$tree"
tar -C "$repo" --exclude=./tests/output --exclude=./.ansible --exclude='./.venv*' --exclude=./dist -cf - . | tar -C "$tree" -xf -
# Integration targets find the emulator (started by tools/with_emulator.sh) through this file,
# written into the private copy so parallel runs never share it. ansible-test does not pass the
# environment through, so BAIDUCLOUD_EXECUTION reaches the modules as the variable baiducloud_execution.
if [ -n "${BAIDUCLOUD_EMULATOR_URL:-}" ]; then
    cat >"$tree/tests/integration/integration_config.yml" <<CONFIG
---
bce_endpoint: $BAIDUCLOUD_EMULATOR_URL
bce_access_key: emulator-ak
bce_secret_key: emulator-sk
bce_emulator_admin: $BAIDUCLOUD_EMULATOR_URL/_emulator
baiducloud_execution: ${BAIDUCLOUD_EXECUTION:-auto}
CONFIG
fi

# ansible-test looks interpreters up by name (python3.X); pyenv shims of non-global versions
# fail there, so put the venv's real base interpreter first on PATH.
mkdir -p "$work/bin"
ln -s "$(python -c 'import sys; print(getattr(sys, "_base_executable", sys.executable))')" "$work/bin/python$pyver"
export PATH="$work/bin:$PATH"
cd "$tree"
status=0
ansible-test "$@" --python "$pyver" --color no || status=$?
mkdir -p "$repo/tests/output"
cp -a tests/output/. "$repo/tests/output/" 2>/dev/null || true
exit "$status"
