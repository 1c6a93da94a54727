# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The amazon.aws reference setup of the benchmark (tests/bench/reference.py): what it takes out of the `ansible`
wheel and how it counts moto_server's requests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import zipfile

import pytest

from ansible_collections.baiducloud.vpc.tests.bench import reference


def _wheel(path, members):
    with zipfile.ZipFile(path, 'w') as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_extract_takes_only_amazon_aws_and_reads_its_version(tmp_path):
    manifest = json.dumps({'collection_info': {'namespace': 'amazon', 'name': 'aws', 'version': '10.1.2'}})
    wheel = _wheel(
        str(tmp_path / 'ansible-12.3.0-py3-none-any.whl'),
        {
            'ansible_collections/amazon/aws/MANIFEST.json': manifest,
            'ansible_collections/amazon/aws/plugins/modules/ec2_vpc_route_table.py': '# module\n',
            'ansible_collections/community/aws/MANIFEST.json': '{}',
            'ansible-12.3.0.dist-info/METADATA': 'Name: ansible\n',
        },
    )
    dest = tmp_path / 'collections'
    dest.mkdir()
    assert reference.extract_collection(wheel, str(dest)) == '10.1.2'
    found = sorted(
        os.path.relpath(os.path.join(root, f), str(dest)) for root, dummy, files in os.walk(str(dest)) for f in files
    )
    assert found == [
        'ansible_collections/amazon/aws/MANIFEST.json',
        'ansible_collections/amazon/aws/plugins/modules/ec2_vpc_route_table.py',
    ]


def test_extract_refuses_a_wheel_without_the_collection(tmp_path):
    wheel = _wheel(str(tmp_path / 'ansible.whl'), {'ansible_collections/community/aws/MANIFEST.json': '{}'})
    with pytest.raises(reference.ReferenceUnavailable, match='holds no ansible_collections/amazon/aws/'):
        reference.extract_collection(wheel, str(tmp_path))


def test_extract_refuses_a_path_that_leaves_the_destination(tmp_path):
    wheel = _wheel(str(tmp_path / 'ansible.whl'), {'ansible_collections/amazon/aws/../../../../escape.py': 'x'})
    dest = tmp_path / 'collections'
    dest.mkdir()
    with pytest.raises(reference.ReferenceUnavailable, match='unexpected path'):
        reference.extract_collection(wheel, str(dest))
    assert not (tmp_path / 'escape.py').exists()


def test_count_requests_reads_werkzeug_request_lines():
    log = (
        ' * Running on http://127.0.0.1:5123\n'
        '127.0.0.1 - - [30/Nov/2026 14:26:55] "POST / HTTP/1.1" 200 -\n'
        '127.0.0.1 - - [30/Nov/2026 14:26:55] "POST / HTTP/1.1" 200 -\n'
        '127.0.0.1 - - [30/Nov/2026 14:26:56] "GET /moto-api/ HTTP/1.1" 200 -\n'
        'Traceback (most recent call last): "POST / is not a request line\n'
    )
    assert reference.count_requests(log) == {'POST /': 2, 'GET /moto-api/': 1}
    assert reference.count_requests('') == {}


def test_the_venv_is_rebuilt_when_a_pin_or_ansible_core_changes(monkeypatch):
    first = reference.stamp_name('2.19.14')
    assert reference.stamp_name('2.19.14') == first
    assert reference.stamp_name('2.20.1') != first
    monkeypatch.setitem(reference.PINS, 'moto', '0.0.1')
    assert reference.stamp_name('2.19.14') != first
    assert 'moto[server]==0.0.1' in reference.requirements('2.19.14')
