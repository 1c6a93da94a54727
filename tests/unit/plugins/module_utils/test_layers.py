# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The shape of module_utils (CONTRIBUTING.md, "The layers"): imports go strictly downward, and no class grows
into a room that holds everything (the template base it replaced had 33 methods in 449 lines)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
UTILS = os.path.join(ROOT, 'plugins', 'module_utils')
PACKAGE = 'ansible_collections.baiducloud.vpc.plugins.module_utils'
MAX_CLASS_LINES = 300


def _sources():
    """{name relative to module_utils, e.g. '_rule' or '_logic.route_rule': path} of every file."""
    found = {}
    for folder, dummy, files in os.walk(UTILS):
        for name in files:
            if name.endswith('.py') and name != '__init__.py':
                relative = os.path.relpath(os.path.join(folder, name), UTILS)[: -len('.py')]
                found[relative.replace(os.sep, '.')] = os.path.join(folder, name)
    return found


def _tree(path):
    with open(path) as handle:
        return ast.parse(handle.read(), path)


def _imports(path, known):
    """The module_utils files `path` imports (`from PACKAGE import _a, _b` and `from PACKAGE._a import x` alike)."""
    imported = set()
    for node in ast.walk(_tree(path)):
        if not isinstance(node, ast.ImportFrom) or not (node.module or '').startswith(PACKAGE):
            continue
        below = node.module[len(PACKAGE) + 1 :]
        names = [below] if below else []
        names += ['%s.%s' % (below, alias.name) if below else alias.name for alias in node.names]
        imported.update(name for name in names if name in known)
    return imported


def _cycle(graph):
    """One import cycle of `graph` ({file: files it imports}) as a list, or None."""
    state = {}

    def visit(name, path):
        state[name] = 'open'
        for other in sorted(graph[name]):
            if state.get(other) == 'open':
                return path[path.index(other) :] + [other]
            if other not in state:
                found = visit(other, path + [other])
                if found:
                    return found
        state[name] = 'done'
        return None

    for name in sorted(graph):
        if name not in state:
            found = visit(name, [name])
            if found:
                return found
    return None


def test_the_checks_see_a_cycle_and_a_big_class():
    assert _cycle({'a': {'b'}, 'b': {'c'}, 'c': {'a'}}) == ['a', 'b', 'c', 'a']
    assert _cycle({'a': {'b', 'c'}, 'b': {'c'}, 'c': set()}) is None
    big = ast.parse('class Big(object):\n' + '    x = 1\n' * MAX_CLASS_LINES)
    assert [_class_lines(node) for node in big.body] == [MAX_CLASS_LINES + 1]


def test_module_utils_imports_go_strictly_downward():
    known = _sources()
    graph = dict((name, _imports(path, known)) for name, path in known.items())
    # The reading itself works: the toolbox imports the shell, the shell the client.
    assert '_module' in graph['_route_task'] and '_client' in graph['_module']
    assert _cycle(graph) is None, 'import cycle in module_utils: %s' % ' -> '.join(_cycle(graph))


def _class_lines(node):
    return node.end_lineno - node.lineno + 1


@pytest.mark.parametrize('name', sorted(_sources()))
def test_no_class_in_module_utils_passes_300_lines(name):
    classes = [node for node in ast.walk(_tree(_sources()[name])) if isinstance(node, ast.ClassDef)]
    assert [(node.name, _class_lines(node)) for node in classes if _class_lines(node) > MAX_CLASS_LINES] == []
