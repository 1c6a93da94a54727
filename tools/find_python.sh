#!/usr/bin/env bash
# Print the path of a working interpreter for Python X.Y (python3.Y on PATH, else a pyenv build),
# or nothing and exit 1. Pyenv shims of versions that are not active fail the probe, hence the probe.
# usage: tools/find_python.sh 3.12
set -euo pipefail
want=$1
for candidate in "python$want" "$HOME"/.pyenv/versions/"$want".*/bin/python"$want"; do
    if "$candidate" -c "import sys; sys.exit('%d.%d' % sys.version_info[:2] != '$want')" >/dev/null 2>&1; then
        command -v "$candidate"
        exit 0
    fi
done
exit 1
