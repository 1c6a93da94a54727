#!/usr/bin/env bash
# Build the collection's HTML documentation site with antsibull-docs, the way docs.ansible.com does:
# `antsibull-docs sphinx-init` writes the Sphinx project, its build.sh renders the module, role and
# action-group pages from the collection's own docs and argument specs, and Sphinx builds with
# warnings as errors. Added to the generated tree (Markdown through myst-parser, so nothing is kept
# twice; tools/docs_pages.py copies the pages and keeps their links working): the README, the AWX guides
# (credential type, inventory and job slicing, execution environment), the roles' READMEs with their example
# playbooks, the files users copy (credential type, job playbook, examples), the reliability and benchmark
# reports, and the changelog as antsibull-changelog renders it (the pending fragments as the next release,
# from a scratch copy).
# Everything goes under tests/output/docs-site; the HTML entry page is build/html/index.html there.
# usage: tools/docs_site.sh <venv>
set -euo pipefail
venv=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
site=$repo/tests/output/docs-site
export PATH="$venv/bin:$PATH"
ANSIBLE_COLLECTIONS_PATH=$("$repo/tools/collection_path.sh")
export ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false

rm -rf "$site"
mkdir -p "$site"
chmod 700 "$site"  # antsibull-docs refuses a destination others can write to
antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error --dest-dir "$site" \
    --project baiducloud.vpc --title "baiducloud.vpc collection" --html-short-title baiducloud.vpc \
    --copyright "baiducloud.vpc maintainers" baiducloud.vpc >/dev/null
# Every plugin page says how to install the collection. It is not on Galaxy yet, so the pages say how to
# install it from the tarball (README, Installation) instead of `ansible-galaxy collection install <name>`,
# and link to the repository instead of a Galaxy page that does not exist.
repository=$(sed -n 's/^repository: *//p' "$repo/galaxy.yml")
"$venv/bin/python" - "$site/antsibull-docs.cfg" "$repository" <<'CONFIG'
import re
import sys

path, repository = sys.argv[1:]
with open(path) as handle:
    text = handle.read()
install = 'ansible-galaxy collection build && ansible-galaxy collection install {namespace}-{name}-*.tar.gz'
for key, value in (('collection_install', install), ('collection_url', repository)):
    text, count = re.subn(r'(%s = \{\n\s*"?\*"? = )"[^"\n]*"' % key, lambda m: m.group(1) + '"%s"' % value, text)
    if count != 1:
        sys.exit('antsibull-docs.cfg: no %s entry for "*" to replace' % key)
with open(path, 'w') as handle:
    handle.write(text)
CONFIG
# The generated pages link to a few pages of the Ansible documentation. Sphinx would download the
# inventory of docs.ansible.com to resolve them; there is no network here, so write a small
# inventory that points at the same pages.
"$venv/bin/python" - "$site/ansible_devel.inv" <<'INVENTORY'
import sys
import zlib

labels = [
    ("common_return_values", "reference_appendices/common_return_values.html#common-return-values", "Return Values"),
    ("ansible_configuration_settings", "reference_appendices/config.html#ansible-configuration-settings",
     "Ansible Configuration Settings"),
    # Modules with an action plugin link to the action plugins page.
    ("action_plugins", "plugins/action.html#action-plugins", "Action Plugins"),
]
# The inventory plugin's cache options name the cache settings' environment variables.
envvars = ["ANSIBLE_CACHE_PLUGIN", "ANSIBLE_CACHE_PLUGIN_CONNECTION", "ANSIBLE_CACHE_PLUGIN_PREFIX",
           "ANSIBLE_CACHE_PLUGIN_TIMEOUT"]
body = "".join("%s std:label -1 %s %s\n" % label for label in labels)
body += "".join("%s std:envvar 1 reference_appendices/config.html#envvar-%s -\n" % (name, name) for name in envvars)
with open(sys.argv[1], "wb") as handle:
    handle.write(b"# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n")
    handle.write(b"# The remainder of this file is compressed using zlib.\n")
    handle.write(zlib.compress(body.encode("utf-8")))
INVENTORY
cat >>"$site/conf.py" <<CONF

# Added by tools/docs_site.sh: Markdown guides and reports; the Ansible docs inventory from a local file.
extensions.append('myst_parser')
intersphinx_mapping = {'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', '$site/ansible_devel.inv')}
myst_heading_anchors = 3
CONF

# The two steps of the generated build.sh, run here so the extra pages land in rst/ before Sphinx runs.
mkdir -p "$site/rst"
chmod 700 "$site/rst"
(cd "$site" && antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --fail-on-error \
    --use-current --squash-hierarchy --dest-dir rst baiducloud.vpc >/dev/null)

rst=$site/rst
# Through a file, so that a broken link (docs_pages.py exits non-zero) stops the build.
"$venv/bin/python" "$repo/tools/docs_pages.py" "$repo" "$rst" >"$site/pages.txt"
mapfile -t pages <"$site/pages.txt"
"$venv/bin/python" "$repo/tools/changelog_preview.py" "$repo" "$rst/changelog.rst"
{
    printf '\nGuides, examples and reports\n----------------------------\n\n.. toctree::\n   :maxdepth: 1\n\n'
    printf '   %s\n' "${pages[@]}" changelog
} >>"$rst/index.rst"

cd "$site"
sphinx-build -M html rst build -c . -W --keep-going -q
echo "docs site: $site/build/html/index.html"
