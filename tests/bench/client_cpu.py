# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CPU time per GET through BceClient, side by side with plain requests + signing, in the same run.

`PYTHONPATH=$(tools/collection_path.sh):. python tests/bench/client_cpu.py [--gets 500]`

The emulator runs in a child process so that its CPU is not counted; both loops GET the same route table
over one kept-alive session. Prints one JSON line: client_ms, plain_ms (CPU ms per GET) and their ratio.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import os
import subprocess
import sys
import time

REPO = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
PATH = '/v1/route'
PARAMS = {'vpcId': 'vpc-emu1demo0001'}
ACCESS_KEY, SECRET_KEY = 'emulator-ak', 'emulator-sk'


def start_emulator():
    child = subprocess.Popen(
        [sys.executable, '-m', 'tests.emulator', '--port', '0'],
        cwd=REPO,
        stdout=subprocess.PIPE,
        universal_newlines=True,
    )
    line = child.stdout.readline()
    return child, line.strip().rsplit(' ', 1)[-1]


def plain_loop(base_url, gets):
    import requests  # pylint: disable=import-outside-toplevel
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _signer  # pylint: disable=import-outside-toplevel

    session = requests.Session()
    host = base_url.split('://', 1)[1]
    url = base_url + PATH + '?vpcId=' + PARAMS['vpcId']
    for dummy in range(gets):
        now = int(time.time())
        headers = {
            'host': host,
            'content-type': 'application/json;charset=utf-8',
            'x-bce-date': _signer.format_timestamp(now),
        }
        headers['authorization'] = _signer.sign('GET', PATH, PARAMS, headers, ACCESS_KEY, SECRET_KEY, now)
        response = session.get(url, headers=headers, timeout=30)
        assert response.status_code == 200, response.text
        response.json()


def client_loop(base_url, gets):
    from ansible_collections.baiducloud.vpc.plugins.module_utils._client import BceClient  # pylint: disable=import-outside-toplevel

    client = BceClient(ACCESS_KEY, SECRET_KEY, endpoint=base_url)
    for dummy in range(gets):
        client.get(PATH, PARAMS)


def cpu_of(func, *args):
    started = time.process_time()
    func(*args)
    return time.process_time() - started


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument('--gets', type=int, default=500)
    parser.add_argument('--rounds', type=int, default=3)
    args = parser.parse_args(argv)
    child, base_url = start_emulator()
    try:
        client_loop(base_url, 20)  # warm up: imports, connection
        plain_loop(base_url, 20)
        client, plain = [], []
        for dummy in range(args.rounds):
            client.append(cpu_of(client_loop, base_url, args.gets))
            plain.append(cpu_of(plain_loop, base_url, args.gets))
    finally:
        child.terminate()
        child.wait()
    client_ms, plain_ms = min(client) / args.gets * 1000.0, min(plain) / args.gets * 1000.0
    print(
        json.dumps(
            {
                'gets': args.gets,
                'client_ms': round(client_ms, 3),
                'plain_ms': round(plain_ms, 3),
                'ratio': round(client_ms / plain_ms, 2),
            }
        )
    )


if __name__ == '__main__':
    main()
