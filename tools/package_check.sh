#!/usr/bin/env bash
# Build the collection tarball, install it into an empty path, check what it holds,
# and run a playbook from the installed copy (needs BAIDUCLOUD_EMULATOR_URL: run under with_emulator.sh).
# usage: tools/package_check.sh <venv> [tarball]   (without a tarball, one is built from the checkout)
set -euo pipefail
venv=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d -t baiducloud-vpc-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -n "${2:-}" ]; then
    tarball=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
fi
cd "$repo"
if [ -z "${tarball:-}" ]; then
    "$venv/bin/ansible-galaxy" collection build --output-path "$work/dist" --force >/dev/null
    tarball=$(ls "$work"/dist/baiducloud-vpc-*.tar.gz)
fi
echo "built $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"
unwanted=$(tar -tzf "$tarball" | grep -E '(^|/)(\.venv[^/]*|tests/output|\.ansible|\.git|__pycache__)(/|$)|integration_config\.yml|\.pyc$' || true)
if [ -n "$unwanted" ]; then
    echo "the tarball holds development files:" >&2
    echo "$unwanted" >&2
    exit 1
fi
"$venv/bin/ansible-galaxy" collection install --no-deps -p "$work/installed" "$tarball" >/dev/null
"$venv/bin/ansible-galaxy" collection verify --offline -p "$work/installed" baiducloud.vpc
cd "$work"
ANSIBLE_COLLECTIONS_PATH="$work/installed" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false ANSIBLE_LOCALHOST_WARNING=false \
    "$venv/bin/ansible-playbook" "$repo/tests/package/installed_copy.yml"
