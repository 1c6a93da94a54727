#!/usr/bin/env bash
# Run ansible-test parts on one ansible-core release line from tools/ansible_lines.txt, in the
# line's own virtualenv .venv-<line> (created, or re-created when its pin changes), and print
# how long each part took. Integration runs against a private emulator, which runs in the main
# dev venv because it needs bce-python-sdk to check signatures.
# usage: tools/ansible_line.sh <line|oldest|newest> <sanity|units|integration>...
#   e.g. tools/ansible_line.sh 2.17 sanity units integration
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
table=$repo/tools/ansible_lines.txt
emulator_python=${EMULATOR_PYTHON:-$repo/.venv/bin/python}

rows=$(grep -Ev '^[[:space:]]*(#|$)' "$table")
case $1 in
    oldest) row=$(head -n 1 <<<"$rows") ;;
    newest) row=$(tail -n 1 <<<"$rows") ;;
    *) row=$(awk -v line="$1" '$1 == line' <<<"$rows") ;;
esac
shift
if [ -z "$row" ]; then
    echo "no such ansible-core line in $table" >&2
    exit 2
fi
read -r line pyver pin <<<"$row"

python=$("$repo/tools/find_python.sh" "$pyver") || {
    echo "ansible-core $line needs Python $pyver, which is not on this machine (PATH or ~/.pyenv/versions)" >&2
    exit 1
}
venv=$repo/.venv-$line
stamp=$venv/.installed-ansible-core-$pin
if [ ! -e "$stamp" ]; then
    echo "== creating $(basename "$venv"): ansible-core $pin on Python $pyver ($python)"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "ansible-core==$pin"
    touch "$stamp"
fi

for part in "$@"; do
    start=$SECONDS
    case $part in
        sanity | units)
            "$repo/tools/ansible_test.sh" "$venv" "$pyver" "$part" --venv --requirements ;;
        integration)
            "$repo/tools/with_emulator.sh" "$emulator_python" \
                "$repo/tools/ansible_test.sh" "$venv" "$pyver" integration --venv --requirements ;;
        *)
            echo "unknown part '$part' (sanity, units or integration)" >&2
            exit 2 ;;
    esac
    echo "== ansible-core $pin on Python $pyver: $part passed in $((SECONDS - start)) s"
done
