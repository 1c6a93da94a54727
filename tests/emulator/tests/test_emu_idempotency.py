# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""clientToken: same token + same request replays; different request is a mismatch."""

from emu_helpers import STS_AK, STS_SK, STS_TOKEN, Client, multi, single


def test_create_replay_and_mismatch(client, admin):
    first = client.create(single(), token='tok-create')
    again = client.create(single(), token='tok-create')
    assert first.status == again.status == 200 and first.json == again.json
    assert first.headers['x-bce-request-id'] != again.headers['x-bce-request-id']
    assert len(client.custom_rules()) == 1
    mismatch = client.create(single(description='other'), token='tok-create')
    assert (mismatch.status, mismatch.code) == (403, 'IdempotentParameterMismatch')
    calls = [c for c in admin.calls() if c['method'] == 'POST']
    assert [(c['write'], c['replayed'], c['client_token']) for c in calls] == [
        (True, False, 'tok-create'),
        (False, True, 'tok-create'),
        (False, False, 'tok-create'),
    ]


def test_body_is_compared_canonically(client):
    first = client.create(single(), token='tok-canon')
    reordered = dict(reversed(list(single().items())))
    raw = b'{  ' + b', '.join(b'"%s": "%s"' % (k.encode(), v.encode()) for k, v in reordered.items()) + b'}'
    again = client.call('POST', '/v1/route/rule', [('clientToken', 'tok-canon')], raw)
    assert again.json == first.json


def test_token_reuse_across_operations_is_a_mismatch(client):
    rule_id = client.create(single(), token='tok-x').json['routeRuleId']
    assert client.delete(rule_id, token='tok-x').code == 'IdempotentParameterMismatch'
    assert client.delete(rule_id, token='tok-y').status == 200
    replay = client.delete(rule_id, token='tok-y')
    assert replay.status == 200 and replay.raw == b''


def test_multi_path_replay(client):
    first = client.create(multi(), token='tok-multi')
    assert client.create(multi(), token='tok-multi').json == first.json
    assert len(client.custom_rules()) == 2


def test_update_and_switch_replay(client):
    rule_id = client.create(single()).json['routeRuleId']
    assert client.update(rule_id, {'description': 'a'}, token='tok-u').status == 200
    assert client.update(rule_id, {'description': 'b'}).status == 200
    assert client.update(rule_id, {'description': 'a'}, token='tok-u').status == 200
    assert client.custom_rules()[0]['description'] == 'b'  # the replay changed nothing
    active = client.create(multi()).json['routeRuleIds'][0]
    assert client.switch(active, token='tok-s').status == 200
    assert client.switch(active, token='tok-s').status == 200
    assert [r['pathType'] for r in client.custom_rules()][1:] == ['ha:standby', 'ha:active']


def test_tokens_are_per_access_key(emu, client):
    first = client.create(single(), token='shared')
    other = Client(emu.base_url, STS_AK, STS_SK, STS_TOKEN).create(single(), token='shared')
    assert first.status == 200 and other.code == 'RouteRuleRepeated'


def test_failed_request_is_not_remembered(client, admin):
    admin.config(quota=0)
    assert client.create(single(), token='tok-fail').code == 'RouteRuleExceedQuota'
    admin.config(quota=None)
    assert client.create(single(), token='tok-fail').status == 200


def test_reset_clears_tokens(emu, client):
    client.create(single(), token='tok-r')
    emu.emulator.reset()
    assert client.create(single(description='new'), token='tok-r').status == 200
