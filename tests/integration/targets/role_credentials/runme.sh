#!/usr/bin/env bash
# Each role, run from real plays the way a user writes them (`roles:` with play-level module_defaults or
# environment), gets its credentials from each of: the play's module_defaults, the environment, role variables.
set -eux
# The emulator's URLs (bce_endpoint, bce_emulator_admin) are written by tools/ansible_test.sh into
# integration_config.yml; a role target gets them from ansible-test, a script target reads the file itself.
# The plays share the sibling target setup_emulator's task files (reset, call counting).
ansible-playbook -i "${INVENTORY_PATH}" -e @../../integration_config.yml credentials.yml "$@"
