#!/usr/bin/env bash
# `make live` / `make live-probe`: run the live kit against a real account, or against any endpoint given in
# BAIDUCLOUD_ENDPOINT (make test points it at the emulator: the same code path, only the endpoint differs).
# usage: tools/live.sh <venv> playbook|probe [probe report path]
set -euo pipefail
venv=$1 what=$2 report=${3:-}
repo=$(cd "$(dirname "$0")/.." && pwd)

missing=()
for name in BAIDUCLOUD_ACCESS_KEY BAIDUCLOUD_SECRET_KEY BAIDUCLOUD_LIVE_VPC_ID BAIDUCLOUD_LIVE_NAT_ID; do
    [ -n "${!name:-}" ] || missing+=("$name")
done
[ -n "${BAIDUCLOUD_REGION:-}${BAIDUCLOUD_ENDPOINT:-}" ] || missing+=("BAIDUCLOUD_REGION (or BAIDUCLOUD_ENDPOINT)")
if [ ${#missing[@]} -gt 0 ]; then
    {
        echo "live: refusing to run: ${missing[*]} not set."
        echo "live: it needs an access key pair, a region, a VPC dedicated to this test (BAIDUCLOUD_LIVE_VPC_ID) and a"
        echo "live: NAT gateway of that VPC (BAIDUCLOUD_LIVE_NAT_ID); optional: BAIDUCLOUD_LIVE_DCGW_IDS=id1,id2 (two"
        echo "live: dedicated-line gateways) for the multi-path probes; BAIDUCLOUD_LIVE_DEDICATED_VPC=yes to run on a VPC"
        echo "live: whose tables hold rules the kit did not create. See README, 'Running against your account'."
    } >&2
    exit 2
fi

# One tag per run: every rule the kit creates carries it in its description, and only those are deleted.
BAIDUCLOUD_LIVE_TAG=ansible-live-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
export BAIDUCLOUD_LIVE_TAG
collections=$("$repo/tools/collection_path.sh")
echo "live: tag $BAIDUCLOUD_LIVE_TAG, VPC $BAIDUCLOUD_LIVE_VPC_ID, ${BAIDUCLOUD_ENDPOINT:-region $BAIDUCLOUD_REGION}"
# A VPC whose tables hold rules the kit did not create is refused (unless BAIDUCLOUD_LIVE_DEDICATED_VPC=yes).
PYTHONPATH=$collections "$venv/bin/python" "$repo/tests/live/guard.py"
case $what in
    playbook)
        ANSIBLE_COLLECTIONS_PATH=$collections ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
            PATH="$repo/$venv/bin:$PATH" "$venv/bin/ansible-playbook" -i localhost, -c local \
            -e ansible_python_interpreter="$repo/$venv/bin/python" "$repo/tests/live/live.yml"
        ;;
    probe)
        PYTHONPATH=$collections "$venv/bin/python" "$repo/tests/live/probe.py" --report "${report:-$repo/docs/live-fidelity.md}"
        ;;
    *)
        echo "usage: tools/live.sh <venv> playbook|probe [report]" >&2
        exit 2
        ;;
esac
