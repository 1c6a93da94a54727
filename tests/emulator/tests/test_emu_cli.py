# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`python -m tests.emulator`: readiness line, clean exit on signals, loopback only."""

import http.client
import json
import os
import signal
import subprocess
import sys

import pytest

from emu_helpers import Client

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def _start(*args):
    return subprocess.Popen(
        [sys.executable, '-m', 'tests.emulator'] + list(args),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize('signum', [signal.SIGTERM, signal.SIGINT])
def test_foreground_run_and_signal_exit(signum):
    process = _start('--port', '0', '--host', '127.0.0.1')
    try:
        line = process.stdout.readline()
        assert line.startswith('BCE VPC emulator listening on http://127.0.0.1:')
        base_url = line.strip().rsplit(' ', 1)[1]
        assert not base_url.endswith(':0')
        assert Client(base_url).table().status == 200
        process.send_signal(signum)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert out == ''  # exactly one line was printed


@pytest.mark.parametrize('host', ['0.0.0.0', '192.0.2.1', 'example.com'])
def test_refuses_non_loopback(host):
    process = _start('--port', '0', '--host', host)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 2 and out == '' and 'loopback' in err


def test_custom_fixture_path(tmp_path):
    fixture = tmp_path / 'f.json'
    fixture.write_text('{"credentials": [{"access_key_id": "k", "secret_access_key": "s"}], "vpcs": []}')
    process = _start('--port', '0', '--fixture', str(fixture))
    try:
        base_url = process.stdout.readline().strip().rsplit(' ', 1)[1]
        assert Client(base_url, 'k', 's').call('GET', '/v1/vpc').json['vpcs'] == []
        process.terminate()
        process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0


def _config_of(base_url):
    host, port = base_url[len('http://') :].rsplit(':', 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request('GET', '/_emulator/config')
        return json.loads(conn.getresponse().read().decode('utf-8'))['config']
    finally:
        conn.close()


@pytest.mark.parametrize(
    'args,env,expected',
    [
        (['--variant', 'marker-after'], {}, {'marker': 'after', 'system_rule_ids': False}),
        (
            [],
            {'BAIDUCLOUD_EMULATOR_VARIANT': 'system-rule-ids,multipath-unlisted'},
            {'system_rule_ids': True, 'multipath_listed': False},
        ),
        (['--variant', 'default'], {'BAIDUCLOUD_EMULATOR_VARIANT': 'all'}, {'marker': 'at', 'default_gateway': False}),
    ],
)  # the flag wins
def test_variant_from_flag_or_environment(args, env, expected):
    process = subprocess.Popen(
        [sys.executable, '-m', 'tests.emulator', '--port', '0'] + args,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, **env),
    )
    try:
        base_url = process.stdout.readline().strip().rsplit(' ', 1)[1]
        config = _config_of(base_url)
        assert dict((key, config[key]) for key in expected) == expected
        process.terminate()
        process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0


def test_unknown_variant_is_refused():
    process = _start('--port', '0', '--variant', 'marker-sideways')
    out, err = process.communicate(timeout=15)
    assert process.returncode == 2 and out == '' and "unknown emulator variant 'marker-sideways'" in err


def test_fixture_from_environment(tmp_path):
    fixture = tmp_path / 'f.json'
    fixture.write_text(
        '{"credentials": [{"access_key_id": "k", "secret_access_key": "s"}], "vpcs": [], "options": {"marker": "after"}}'
    )
    process = subprocess.Popen(
        [sys.executable, '-m', 'tests.emulator', '--port', '0'],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, BAIDUCLOUD_EMULATOR_FIXTURE=str(fixture)),
    )
    try:
        base_url = process.stdout.readline().strip().rsplit(' ', 1)[1]
        assert Client(base_url, 'k', 's').call('GET', '/v1/vpc').json['vpcs'] == []
        assert _config_of(base_url)['marker'] == 'after'  # the fixture's options apply
        process.terminate()
        process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
