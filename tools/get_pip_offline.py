# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Offline stand-in for the get-pip.py that ansible-test downloads to bootstrap its venvs.

The download host is unreachable from CI machines. ansible-test runs this file as
`python get_pip.py --disable-pip-version-check pip==X --no-setuptools --no-wheel`;
like the real script it runs pip (here from the interpreter's bundled ensurepip
wheel) as `pip install --upgrade --force-reinstall <args>`; pip==X itself then
comes from the package index as usual.
"""

import glob
import os
import runpy
import sys

import ensurepip


def main():
    bundled = os.path.join(os.path.dirname(ensurepip.__file__), '_bundled')
    wheels = sorted(glob.glob(os.path.join(bundled, 'pip-*.whl')))
    if not wheels:
        sys.exit('get_pip_offline: no bundled pip wheel in %s' % bundled)
    sys.path.insert(0, wheels[-1])
    args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
    sys.argv = ['pip', 'install', '--upgrade', '--force-reinstall'] + args
    runpy.run_module('pip', run_name='__main__', alter_sys=True)


if __name__ == '__main__':
    main()
