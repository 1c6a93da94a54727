"""Render the changelog page of the docs site with antsibull-changelog, without touching the checkout.

Pending fragments are shown as the release they will become: the version in galaxy.yml if it has not
been released yet, else the next patch version. With no pending fragments the changelog is the
released one. The work happens in a scratch copy, because `antsibull-changelog release` consumes
fragments and rewrites changelogs/changelog.yaml.

usage: python tools/changelog_preview.py <repo> <output.rst>
"""

import os
import shutil
import subprocess
import sys
import tempfile

import yaml

COPIED = ("galaxy.yml", "changelogs", "plugins", "roles", "meta", "README.md")


def preview_version(repo):
    with open(os.path.join(repo, "galaxy.yml")) as handle:
        version = yaml.safe_load(handle)["version"]
    with open(os.path.join(repo, "changelogs", "changelog.yaml")) as handle:
        released = (yaml.safe_load(handle) or {}).get("releases") or {}
    if version not in released:
        return version
    major, minor, patch = (int(part) for part in version.split("."))
    return "%d.%d.%d" % (major, minor, patch + 1)


def main(repo, output):
    repo = os.path.abspath(repo)
    antsibull_changelog = os.path.join(os.path.dirname(sys.executable), "antsibull-changelog")
    fragments = [
        name for name in os.listdir(os.path.join(repo, "changelogs", "fragments")) if name.endswith((".yml", ".yaml"))
    ]
    with tempfile.TemporaryDirectory(prefix="baiducloud-vpc-changelog.") as scratch:
        copy = os.path.join(scratch, "ansible_collections", "baiducloud", "vpc")
        for name in COPIED:
            source = os.path.join(repo, name)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(copy, name))
            elif os.path.exists(source):
                os.makedirs(copy, exist_ok=True)
                shutil.copy2(source, copy)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=scratch)
        if fragments:
            command = [antsibull_changelog, "release", "--version", preview_version(repo)]
        else:
            command = [antsibull_changelog, "generate"]
        subprocess.run(command, cwd=copy, env=env, check=True)
        shutil.copy2(os.path.join(copy, "CHANGELOG.rst"), output)


if __name__ == "__main__":
    main(*sys.argv[1:])
