#!/usr/bin/env bash
# Start the offline BCE emulator on a free loopback port, run a command with
# BAIDUCLOUD_EMULATOR_URL set, then stop it.
# usage: tools/with_emulator.sh <python> <command...>
set -euo pipefail
python=$1
shift
repo=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp -t baiducloud-emulator.XXXXXX)
(cd "$repo" && exec "$python" -m tests.emulator --port 0 >"$log" 2>&1) &
pid=$!
cleanup() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$log"
}
trap cleanup EXIT
url=
for _ in $(seq 1 300); do
    url=$(sed -n 's/^BCE VPC emulator listening on \(http:\/\/[^ ]*\)$/\1/p' "$log" | head -n 1)
    [ -n "$url" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "emulator failed to start:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "emulator did not report ready within 30 s" >&2
    cat "$log" >&2
    exit 1
fi
echo "emulator running at $url"
export BAIDUCLOUD_EMULATOR_URL=$url
"$@"
