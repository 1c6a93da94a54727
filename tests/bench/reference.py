# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The amazon.aws reference figure of `make bench`: amazon.aws modules timed beside ping, against moto_server.

The reference runs in its own virtualenv, `.venv-ref` in the repository (created on demand, re-created when a pin
changes): the bench venv's ansible-core version, boto3, botocore and moto[server] from PyPI, and the amazon.aws
collection taken out of the `ansible` community package's wheel (Galaxy is not needed; only
`ansible_collections/amazon/aws` is extracted). Nothing of amazon.aws is copied into this repository: it is only run.

    .venv/bin/python -m tests.bench.reference     # set up .venv-ref and print what is installed (no timing)

`make bench` (tests/bench/bench.py) calls `prepare()` and times the plays of `ReferencePlays` in its rounds; the
reference is not part of `--quick` or `make test`.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile

REPO = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
VENV = os.path.join(REPO, '.venv-ref')

# The pins, in one place (written into the report). ansible-core is not pinned here: the reference uses the bench
# venv's own version, so both sides run the same controller. The `ansible` package is only a carrier of the
# amazon.aws collection: ansible 12.3.0 ships amazon.aws 10.1.2 (requires_ansible >=2.17.0).
PINS = collections.OrderedDict(
    (
        ('ansible', '12.3.0'),
        ('boto3', '1.44.8'),
        ('botocore', '1.44.8'),
        ('moto', '5.2.5'),
    )
)
COLLECTION_PREFIX = 'ansible_collections/amazon/aws/'
INSTALL_TIMEOUT = 1200
REGION = 'us-east-1'
CREDENTIALS = {'access_key': 'bench-ak', 'secret_key': 'bench-sk'}  # moto accepts any
# One request line of moto_server's (werkzeug's) log: 127.0.0.1 - - [date] "POST / HTTP/1.1" 200 -
REQUEST_LINE = re.compile(r'"(GET|POST|PUT|DELETE|HEAD|PATCH) (\S+) HTTP/[0-9.]+" (\d{3})')

# Creates the VPC, an internet gateway and a route table with one default route through it; prints their ids.
SETUP_SCRIPT = r'''
import json, sys
import boto3
ec2 = boto3.client('ec2', endpoint_url=sys.argv[1], region_name=sys.argv[2],
                   aws_access_key_id=sys.argv[3], aws_secret_access_key=sys.argv[4])
vpc = ec2.create_vpc(CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
igw = ec2.create_internet_gateway()['InternetGateway']['InternetGatewayId']
ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
table = ec2.create_route_table(VpcId=vpc)['RouteTable']['RouteTableId']
ec2.create_route(RouteTableId=table, DestinationCidrBlock='0.0.0.0/0', GatewayId=igw)
print(json.dumps({'vpc_id': vpc, 'igw_id': igw, 'route_table_id': table}))
'''


class ReferenceUnavailable(Exception):
    """The reference could not be set up or run here (the report says why)."""


def stamp_name(core_version):
    digest = hashlib.sha256(json.dumps([core_version, list(PINS.items())]).encode('utf-8')).hexdigest()[:12]
    return '.installed-%s' % digest


def requirements(core_version):
    return [
        'ansible-core==%s' % core_version,
        'boto3==%s' % PINS['boto3'],
        'botocore==%s' % PINS['botocore'],
        'moto[server]==%s' % PINS['moto'],
    ]


def extract_collection(wheel, dest):
    """Extract ansible_collections/amazon/aws/ of the `ansible` wheel into dest; return the collection's version."""
    with zipfile.ZipFile(wheel) as archive:
        members = [m for m in archive.namelist() if m.startswith(COLLECTION_PREFIX) and not m.endswith('/')]
        if not members:
            raise ReferenceUnavailable('%s holds no %s' % (os.path.basename(wheel), COLLECTION_PREFIX))
        for member in members:
            # namelist() entries are relative paths; refuse anything that would leave dest.
            target = os.path.realpath(os.path.join(dest, member))
            if not target.startswith(os.path.realpath(dest) + os.sep):
                raise ReferenceUnavailable('unexpected path in the wheel: %s' % member)
            archive.extract(member, dest)
    return collection_version(dest)


def collection_version(collections_dir):
    with open(os.path.join(collections_dir, COLLECTION_PREFIX, 'MANIFEST.json')) as handle:
        return json.load(handle)['collection_info']['version']


def run_logged(command, log, timeout):
    with open(log, 'a') as handle:
        handle.write('$ %s\n' % ' '.join(command))
        handle.flush()
        try:
            proc = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ReferenceUnavailable('%s: %s' % (' '.join(command[:4]), error))
    if proc.returncode != 0:
        with open(log, errors='replace') as handle:
            lines = [line.strip() for line in handle if line.strip()]
        errors = [line for line in lines if line.startswith('ERROR')] or lines[-1:]
        raise ReferenceUnavailable(
            '`%s` failed (exit %d): %s (log: %s)'
            % (' '.join(command[2:6]), proc.returncode, errors[0][:300] if errors else 'no output', log)
        )


def prepare(core_version, log=None, venv=VENV):
    """Create or reuse the reference venv; return its description, or raise ReferenceUnavailable."""
    try:
        return _prepare(core_version, log, venv)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise ReferenceUnavailable('setting up %s failed: %s: %s' % (venv, type(error).__name__, error))


def _prepare(core_version, log, venv):
    stamp = os.path.join(venv, stamp_name(core_version))
    collections_dir = os.path.join(venv, 'collections')
    if not os.path.exists(stamp):
        log = log or os.path.join(REPO, 'tests', 'output', 'bench', 'reference-setup.log')
        os.makedirs(os.path.dirname(log), exist_ok=True)
        if os.path.exists(log):
            os.unlink(log)
        shutil.rmtree(venv, ignore_errors=True)
        run_logged([sys.executable, '-m', 'venv', venv], log, 300)
        pip = [os.path.join(venv, 'bin', 'python'), '-m', 'pip', '--disable-pip-version-check', '-q']
        run_logged(pip + ['install'] + requirements(core_version), log, INSTALL_TIMEOUT)
        download = tempfile.mkdtemp(prefix='baiducloud-bench-ansible-')
        try:
            run_logged(
                pip + ['download', '--no-deps', '-d', download, 'ansible==%s' % PINS['ansible']], log, INSTALL_TIMEOUT
            )
            wheels = [f for f in os.listdir(download) if f.endswith('.whl')]
            if len(wheels) != 1:
                raise ReferenceUnavailable(
                    'pip download ansible==%s gave %s, not one wheel' % (PINS['ansible'], wheels)
                )
            os.makedirs(collections_dir)
            extract_collection(os.path.join(download, wheels[0]), collections_dir)
        finally:
            shutil.rmtree(download, ignore_errors=True)
        with open(stamp, 'w') as handle:
            handle.write('ansible-core %s %s\n' % (core_version, json.dumps(PINS)))
    return {
        'venv': venv,
        'bin': os.path.join(venv, 'bin'),
        'python': os.path.join(venv, 'bin', 'python'),
        'collections_path': collections_dir,
        'versions': collections.OrderedDict(
            [('ansible-core', core_version), ('amazon.aws', collection_version(collections_dir))] + list(PINS.items())
        ),
    }


def free_port():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]
    finally:
        sock.close()


def count_requests(log_text):
    """Requests in a piece of moto_server's log, as an ordered {'METHOD path': count}."""
    counts = collections.OrderedDict()
    for match in REQUEST_LINE.finditer(log_text):
        key = '%s %s' % (match.group(1), match.group(2))
        counts[key] = counts.get(key, 0) + 1
    return counts


class MotoServer(object):
    """moto_server of the reference venv on 127.0.0.1 (a free port), logging its requests to a file."""

    def __init__(self, reference, workdir):
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.log_path = os.path.join(workdir, 'moto.log')
        self._log = open(self.log_path, 'ab')  # pylint: disable=consider-using-with
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith('AWS_') and 'proxy' not in k.lower())
        self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
            [os.path.join(reference['bin'], 'moto_server'), '-H', '127.0.0.1', '-p', str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.time() + 60
        while True:
            if self.proc.poll() is not None:
                raise ReferenceUnavailable('moto_server exited with %s (log: %s)' % (self.proc.returncode, self.tail()))
            try:
                socket.create_connection(('127.0.0.1', self.port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    self.stop()
                    raise ReferenceUnavailable('moto_server did not listen on port %d within 60 s' % self.port)
                time.sleep(0.2)
        proc = subprocess.run(
            [reference['python'], '-c', SETUP_SCRIPT, self.url, REGION, CREDENTIALS['access_key'],
             CREDENTIALS['secret_key']],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            universal_newlines=True,
            env=env,
            timeout=120,
            check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            self.stop()
            raise ReferenceUnavailable('creating the VPC in moto failed: %s' % proc.stdout[-600:])
        self.ids = json.loads(proc.stdout.strip().splitlines()[-1])

    def tail(self):
        with open(self.log_path, errors='replace') as handle:
            return handle.read()[-600:]

    def log_size(self):
        self._log.flush()
        return os.path.getsize(self.log_path)

    def requests_since(self, offset):
        time.sleep(0.05)  # the last request line is written as its response is sent
        with open(self.log_path, 'rb') as handle:
            handle.seek(offset)
            return count_requests(handle.read().decode('utf-8', 'replace'))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def plays(ids):
    """(key, title, tasks, expected changed) of the reference plays; one task each, like our one-task plays."""
    return [
        ('ping', '`ansible.builtin.ping` in the reference venv', [{'name': 'ping', 'ansible.builtin.ping': {}}], False),
        (
            'route_table_info',
            '`amazon.aws.ec2_vpc_route_table_info`, one table by id (read)',
            [
                {
                    'name': 'route table info',
                    'amazon.aws.ec2_vpc_route_table_info': {'filters': {'route-table-id': ids['route_table_id']}},
                }
            ],
            False,
        ),
        (
            'route_table_noop',
            '`amazon.aws.ec2_vpc_route_table`, no-op re-run (one route, by id)',
            [
                {
                    'name': 'route table',
                    'amazon.aws.ec2_vpc_route_table': {
                        'vpc_id': ids['vpc_id'],
                        'route_table_id': ids['route_table_id'],
                        'lookup': 'id',
                        'purge_subnets': False,
                        'routes': [{'dest': '0.0.0.0/0', 'gateway_id': ids['igw_id']}],
                    },
                }
            ],
            False,
        ),
    ]


def module_defaults(url):
    return {'group/amazon.aws.aws': dict(CREDENTIALS, endpoint_url=url, region=REGION)}


def main():
    from ansible.release import __version__  # pylint: disable=import-outside-toplevel

    try:
        info = prepare(__version__)
    except ReferenceUnavailable as error:
        sys.stderr.write('reference not available: %s\n' % error)
        return 1
    print(json.dumps(info, indent=1))
    return 0


if __name__ == '__main__':
    sys.exit(main())
