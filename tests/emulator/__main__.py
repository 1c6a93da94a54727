# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the emulator in the foreground: ``python -m tests.emulator [--port 8780] [--fixture F]``.

Prints exactly one readiness line (flushed) and exits 0 on SIGINT/SIGTERM.
"""

import argparse
import os
import signal
import sys
import threading

from .options import ENV_FIXTURE, ENV_VARIANT, VARIANTS
from .server import start_emulator


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m tests.emulator', description='Offline BCE VPC route API emulator (loopback only).'
    )
    parser.add_argument('--host', default='127.0.0.1', help='loopback address to bind (default 127.0.0.1)')
    parser.add_argument('--port', type=int, default=8780, help='TCP port, 0 = any free port (default 8780)')
    parser.add_argument(
        '--fixture',
        default=os.environ.get(ENV_FIXTURE) or None,
        help='fixture JSON file (default: $%s, else the bundled fixture.json)' % ENV_FIXTURE,
    )
    parser.add_argument('--verbose', action='store_true', help='log one line per request to stderr (never headers)')
    parser.add_argument(
        '--variant',
        default=os.environ.get(ENV_VARIANT, ''),
        help='comma-separated behaviour variants (%s, all; default: none); default from $%s'
        % (', '.join(sorted(VARIANTS)), ENV_VARIANT),
    )
    args = parser.parse_args(argv)
    try:
        handle = start_emulator(
            fixture=args.fixture, host=args.host, port=args.port, verbose=args.verbose, variant=args.variant
        )
    except (ValueError, KeyError, TypeError, OSError) as exc:
        sys.stderr.write('emulator: %s\n' % exc)
        return 2
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    if args.variant:
        sys.stderr.write('emulator variant: %s\n' % args.variant)
    sys.stdout.write('BCE VPC emulator listening on %s\n' % handle.base_url)
    sys.stdout.flush()
    while not stop.wait(0.5):
        pass
    handle.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
