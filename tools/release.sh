#!/usr/bin/env bash
# Cut a release in one command: changelog, version bump, tarball, installed-tarball check, commit and tag.
# Refuses a dirty tree and a version that is not newer than galaxy.yml's (the same version is accepted
# only while it has never been released, i.e. for the first release). If any step fails, the tree is
# put back as it was, so the command can simply be run again.
# usage: tools/release.sh <venv> <x.y.z>
set -euo pipefail
venv=$(cd "$1" && pwd)
version=${2:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export PATH="$venv/bin:$PATH"  # antsibull-changelog finds the plugins through ansible-doc

if ! [[ $version =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
    echo "release: VERSION must be x.y.z (got '$version'), e.g. make release VERSION=1.2.0" >&2
    exit 2
fi
if [ -n "$(git status --porcelain)" ]; then
    echo "release: the working tree is not clean; commit or stash first:" >&2
    git status --short >&2
    exit 1
fi
"$venv/bin/python" - "$version" <<'CHECK'
import sys

import yaml

wanted = sys.argv[1]
with open("galaxy.yml") as handle:
    current = yaml.safe_load(handle)["version"]
with open("changelogs/changelog.yaml") as handle:
    released = set(((yaml.safe_load(handle) or {}).get("releases") or {}).keys())


def key(text):
    return tuple(int(part) for part in text.split("."))


if key(wanted) < key(current) or (key(wanted) == key(current) and current in released):
    sys.exit("release: %s is not newer than %s, the version in galaxy.yml%s"
             % (wanted, current, " (already released)" if current in released else ""))
if wanted in released:
    sys.exit("release: %s is already in changelogs/changelog.yaml" % wanted)
CHECK

restore() {
    echo "release: failed; putting the tree back as it was" >&2
    git reset -q --hard HEAD
    git clean -q -fd
}
trap restore ERR

echo "== antsibull-changelog release --version $version"
"$venv/bin/antsibull-changelog" release --version "$version"
sed -i "s/^version: .*/version: $version/" galaxy.yml
grep -qx "version: $version" galaxy.yml
# The offline execution environment installs the tarball of this version (tests/awx/test_execution_environment.py).
ee_tarball=docs/awx/execution-environment/tarball/execution-environment.yml
sed -i "s/baiducloud-vpc-[0-9][0-9.]*\.tar\.gz/baiducloud-vpc-$version.tar.gz/" "$ee_tarball"
[ "$(grep -c "baiducloud-vpc-$version\.tar\.gz" "$ee_tarball")" = 2 ]

echo "== build dist/baiducloud-vpc-$version.tar.gz"
mkdir -p dist
"$venv/bin/ansible-galaxy" collection build --force --output-path dist >/dev/null
tarball=dist/baiducloud-vpc-$version.tar.gz
[ -f "$tarball" ]

echo "== installed-tarball check"
tools/with_emulator.sh "$venv/bin/python" tools/package_check.sh "$venv" "$tarball"

git add -A CHANGELOG.rst changelogs galaxy.yml "$ee_tarball"
git commit -q -m "Release $version"
git tag -a "$version" -m "baiducloud.vpc $version"
trap - ERR
echo "released $version: commit $(git rev-parse --short HEAD), tag $version, $tarball"
echo "publish with: git push --follow-tags && ansible-galaxy collection publish $tarball"
