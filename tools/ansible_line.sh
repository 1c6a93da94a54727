#!/usr/bin/env bash
# Run ansible-test parts on one ansible-core release line from tools/ansible_lines.txt, in the
# line's own virtualenv .venv-<line>, and print how long each part took. Integration runs against a
# private emulator, which runs in the main dev venv because it needs bce-python-sdk to check signatures.
# usage: tools/ansible_line.sh <line|oldest|newest> [<sanity|units|integration>... [-- <ansible-test args>]]
#   e.g. tools/ansible_line.sh 2.17 sanity units integration
#        tools/ansible_line.sh oldest sanity -- --test compile --test import   (args after -- go to every part)
#        tools/ansible_line.sh newest                                            (only prepare the venv)
# The venv holds ansible-core, ansible-test's unit test requirements and the collection's unit and
# integration requirements, so ansible-test runs --local in it: no per-run delegation venv, no per-run
# pip install. It is built once and rebuilt only when the pin or one of those requirement files changes
# (a hash of their contents in the stamp's name, so file dates never matter).
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
parts=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    parts+=("$1")
    shift
done
[ $# -gt 0 ] && shift  # the --; what is left goes to ansible-test

python=$("$repo/tools/find_python.sh" "$pyver") || {
    echo "ansible-core $line needs Python $pyver, which is not on this machine (PATH or ~/.pyenv/versions)" >&2
    exit 1
}
venv=$repo/.venv-$line
collection_reqs=("$repo/tests/unit/requirements.txt" "$repo/tests/integration/requirements.txt")
# cryptography as pinned for development (requirements-dev.txt): a newer release warns on every command of
# ansible-core >= 2.19 (its DSA deprecation), which publish-check and the docs tests treat as a failure.
crypto=$(grep -E '^cryptography==' "$repo/requirements-dev.txt" || true)
digest=$( (cat "${collection_reqs[@]}"; echo "$crypto") | sha1sum | cut -c1-12)
stamp=$venv/.installed-ansible-core-$pin-$digest
if [ ! -e "$stamp" ]; then
    echo "== creating $(basename "$venv"): ansible-core $pin on Python $pyver ($python) with the test requirements"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    pip=("$venv/bin/python" -m pip install -q --disable-pip-version-check)
    "${pip[@]}" "ansible-core==$pin" ${crypto:+"$crypto"}
    # What `ansible-test units/integration --requirements` would install into the venv on every run.
    reqs=$("$venv/bin/python" -c 'import ansible_test, os; print(os.path.join(os.path.dirname(ansible_test.__file__), "_data", "requirements"))')
    "${pip[@]}" -c "$reqs/constraints.txt" -r "$reqs/units.txt" -r "${collection_reqs[0]}" -r "${collection_reqs[1]}" \
        "ansible-core==$pin" ${crypto:+"$crypto"}
    touch "$stamp"
fi

for part in "${parts[@]}"; do
    start=$SECONDS
    case $part in
        sanity | units)
            "$repo/tools/ansible_test.sh" "$venv" "$pyver" "$part" --local "$@" ;;
        integration)
            "$repo/tools/with_emulator.sh" "$emulator_python" \
                "$repo/tools/ansible_test.sh" "$venv" "$pyver" integration --local "$@" ;;
        *)
            echo "unknown part '$part' (sanity, units or integration)" >&2
            exit 2 ;;
    esac
    echo "== ansible-core $pin on Python $pyver: $part passed in $((SECONDS - start)) s"
done
