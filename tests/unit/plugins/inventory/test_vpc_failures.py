# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 23, item 2: an inventory that cannot be read says what to fix (the credential, or which Python needs
requests), never "set region_errors: warn", which would only turn the failure into an empty fleet."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import sys

import pytest

from ansible.errors import AnsibleParserError

from ansible_collections.baiducloud.vpc.plugins.inventory import vpc as plugin_module
from ansible_collections.baiducloud.vpc.plugins.module_utils import _client
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError

from ansible_collections.baiducloud.vpc.tests.unit.plugins.inventory import test_vpc as base

GZ, SECRET, TOKEN = base.GZ, base.SECRET, base.TOKEN
# The fixtures of the main inventory test module: an in-memory API and a parse helper.
api, run, clean_env, plugin_definitions = base.api, base.run, base.clean_env, base.plugin_definitions


@pytest.mark.parametrize(
    'code, message, hint',
    [
        # The service's messages for these codes, as the emulator (tests/emulator) answers them.
        (
            'InvalidAccessKeyId',
            'The Access Key ID you provided does not exist.',
            'check access_key (or BAIDUCLOUD_ACCESS_KEY)',
        ),
        (
            'SignatureDoesNotMatch',
            'The request signature we calculated does not match the signature you provided.',
            'check that secret_key (or BAIDUCLOUD_SECRET_KEY) is the secret of access_key',
        ),
        ('InvalidSessionToken', 'The session token is invalid.', 'check session_token (or BAIDUCLOUD_SESSION_TOKEN)'),
    ],
)
def test_a_credential_error_names_the_credential_not_region_errors(api, run, code, message, hint):
    api.failures[GZ] = BceApiError(400 if code == 'SignatureDoesNotMatch' else 403, code, message, 'req-9')
    with pytest.raises(AnsibleParserError) as caught:
        run.parse({'session_token': TOKEN})
    text = str(caught.value)
    assert 'cannot list the VPCs of gz' in text and code in text and '; ' + hint in text
    assert 'region_errors' not in text
    assert SECRET not in text and TOKEN not in text
    # region_errors: warn skips the region as asked, and its warning gives the same hint.
    run.parse({'session_token': TOKEN, 'region_errors': 'warn'})
    assert len(run.warnings) == 1 and 'skipped region gz' in run.warnings[0] and '; ' + hint in run.warnings[0]


def test_a_region_error_still_suggests_region_errors_warn(api, run):
    api.failures[GZ] = BceApiError(503, 'ServiceUnavailable', 'try later', 'req-2')
    with pytest.raises(AnsibleParserError, match=r'cannot list the VPCs of gz \(set region_errors: warn'):
        run.parse({})


def test_missing_requests_names_the_python_that_needs_it(api, run, monkeypatch):
    monkeypatch.setattr(_client, 'HAS_REQUESTS', False)
    with pytest.raises(AnsibleParserError) as caught:
        run.parse({})
    text = str(caught.value)
    assert '%s -m pip install requests' % sys.executable in text
    assert 'region_errors' not in text
    assert api.calls == []


def test_the_plugin_reads_requests_from_the_client_module():
    # The check above patches the flag where the plugin reads it.
    assert plugin_module._client is _client
