#!/usr/bin/env bash
# Print a directory that holds ansible_collections/baiducloud/vpc -> this checkout, creating it if needed,
# for the tools that find collections through ANSIBLE_COLLECTIONS_PATH (ansible-playbook, ansible-lint, ansible-doc).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
base=${TMPDIR:-/tmp}/baiducloud-vpc-$(printf '%s' "$repo" | sha1sum | cut -c1-12)
mkdir -p "$base/ansible_collections/baiducloud"
link=$base/ansible_collections/baiducloud/vpc
if [ "$(readlink "$link" 2>/dev/null)" != "$repo" ]; then
    ln -sfn "$repo" "$link"
fi
printf '%s\n' "$base"
