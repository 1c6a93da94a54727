# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parallel writers never lose or duplicate rules; same-token races create exactly one rule."""

import threading

from emu_helpers import Client, single


def _run(threads):
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)


def test_parallel_writers(emu):
    results, errors = {}, []

    def writer(index):
        client = Client(emu.base_url)
        created = []
        for step in range(4):
            response = client.create(single(destination='10.%d.%d.0/24' % (index, step)))
            if response.status != 200:
                errors.append(response)
                return
            created.append(response.json['routeRuleId'])
        for rule_id in created[:2]:
            if client.delete(rule_id).status != 200:
                errors.append(rule_id)
        results[index] = created[2:]

    _run([threading.Thread(target=writer, args=(index,)) for index in range(10)])
    assert errors == []
    rules = Client(emu.base_url).custom_rules()
    ids = [r['routeRuleId'] for r in rules]
    assert len(ids) == len(set(ids)) == 20
    assert sorted(ids) == sorted(rule_id for kept in results.values() for rule_id in kept)
    assert sorted(r['destinationAddress'] for r in rules) == sorted(
        '10.%d.%d.0/24' % (i, s) for i in range(10) for s in (2, 3)
    )
    assert sum(1 for c in emu.emulator.calls.list() if c['write']) == 60


def test_same_token_race_creates_one_rule(emu):
    answers = []

    def racer():
        answers.append(Client(emu.base_url).create(single(), token='race-token'))

    _run([threading.Thread(target=racer) for dummy in range(10)])
    assert [a.status for a in answers] == [200] * 10
    assert len({a.json['routeRuleId'] for a in answers}) == 1
    assert len(Client(emu.base_url).custom_rules()) == 1
    assert sum(1 for c in emu.emulator.calls.list() if c['write']) == 1


def test_same_pair_race_one_winner(emu):
    answers = []

    def racer():
        answers.append(Client(emu.base_url).create(single()))

    _run([threading.Thread(target=racer) for dummy in range(10)])
    assert sorted(a.status for a in answers) == [200] + [400] * 9
    assert len(Client(emu.base_url).custom_rules()) == 1
