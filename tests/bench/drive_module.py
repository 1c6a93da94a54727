# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Time one module's import and one run of its main(), in a fresh interpreter, without Ansible's
controller, fork or AnsiballZ: `python drive_module.py <module import path> <args.json>`.

Prints one JSON line {import_s, run_s, cpu_s (CPU time of the run), changed, failed, msg}. Only the standard library is imported before
the clock starts, so import_s is the module's own import cost (ansible.module_utils.basic included).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import io
import json
import sys
import time


def main():
    name, args_path = sys.argv[1], sys.argv[2]
    with open(args_path) as handle:
        args = json.load(handle)
    started = time.perf_counter()
    module = importlib.import_module(name)
    imported = time.perf_counter()
    from ansible.module_utils.testing import patch_module_args

    out = io.StringIO()
    real_stdout = sys.stdout
    with patch_module_args(args):
        sys.stdout = out
        run_started = time.perf_counter()
        cpu_started = time.process_time()
        try:
            module.main()
        except SystemExit:
            pass
        finally:
            finished = time.perf_counter()
            cpu = time.process_time() - cpu_started
            sys.stdout = real_stdout
    try:
        result = json.loads(out.getvalue())
    except ValueError:
        result = {'unparsed': out.getvalue()[:500]}
    print(
        json.dumps(
            {
                'import_s': imported - started,
                'run_s': finished - run_started,
                'cpu_s': cpu,
                'changed': result.get('changed'),
                'failed': result.get('failed', False),
                'msg': result.get('msg'),
            }
        )
    )


if __name__ == '__main__':
    main()
