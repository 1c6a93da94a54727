# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r'''
options:
  access_key:
    description:
      - Baidu AI Cloud access key ID (AK). Required.
      - Surrounding whitespace (a trailing newline from a YAML block or an env file) is removed; whitespace, control or
        non-ASCII characters inside the value are refused. The same holds for O(secret_key) and O(session_token).
      - This can also be set with the E(BAIDUCLOUD_ACCESS_KEY) environment variable.
    type: str
  secret_key:
    description:
      - Baidu AI Cloud secret access key (SK). Required. Never logged or shown in any output.
      - This can also be set with the E(BAIDUCLOUD_SECRET_KEY) environment variable.
    type: str
  session_token:
    description:
      - Session token of temporary (STS) credentials, sent and signed as C(x-bce-security-token).
      - This can also be set with the E(BAIDUCLOUD_SESSION_TOKEN) environment variable.
    type: str
  region:
    description:
      - Region whose VPC endpoint C(https://bcc.<region>.baidubce.com) is used.
      - Any region name of lower-case letters, digits and C(-) starting with a letter is accepted, so a region newer
        than the collection works. Baidu's endpoint page lists V(bj), V(bd), V(gz), V(su), V(hkg), V(fwh) and V(cd);
        an older page also lists V(sin) and V(fsh). Every other name also selects C(https://bcc.<region>.baidubce.com)
        unless O(endpoint) is set.
      - One of O(region) or O(endpoint) is required; O(endpoint) wins when both are set.
      - This can also be set with the E(BAIDUCLOUD_REGION) environment variable.
    type: str
  endpoint:
    description:
      - Full base URL of the API, for example V(https://bcc.bj.baidubce.com) or, for the offline emulator,
        V(http://127.0.0.1:8780). Overrides O(region).
      - Only C(scheme://host[:port]); a path, query, fragment or user part (even an empty one, C(http://@host)) is refused.
      - An C(http://) URL for a host other than this machine is accepted with a warning (requests, the session token and
        answers travel unencrypted); loopback (the offline emulator) is silent.
      - This can also be set with the E(BAIDUCLOUD_ENDPOINT) environment variable.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of an C(https) endpoint. Turn it off only for a trusted test endpoint.
      - When V(false) with an C(https) endpoint, the module says so in a warning.
    type: bool
    default: true
  api_timeout:
    description:
      - Deadline in seconds for each HTTP request as a whole (connect, send, and reading the complete answer), after
        which the try counts as failed. A server that answers slowly, a byte at a time, is cut at this deadline.
      - From 1 to 600.
    type: int
    default: 30
  api_retries:
    description:
      - How many times a failed request is retried (connection errors, timeouts, HTTP 429/500/502/503/504 and
        throttling codes), with capped exponential backoff and jitter.
      - Writes are retried only with their idempotency C(clientToken), so a retry never creates a second rule.
      - From 0 to 10.
    type: int
    default: 3
  api_retry_max_delay:
    description:
      - Upper bound in seconds of the wait between two tries, also when the service asks for a longer one with C(Retry-After).
      - From 0 to 300; NaN and infinity are refused.
    type: float
    default: 20
  approved_plan:
    description:
      - The approved plan this task must match, or it is refused before any write, with a message naming what
        differs (for each rule, what was approved and what the task would do now).
      - Set by the collection's action plugin from the variable C(baiducloud_approved_plans) (the recorded plans of
        an approved check job, see the Approved changes guide, C(docs/awx/approved-changes.md)); a task does not
        normally set it. When a task sets it, the action plugin leaves it as given.
      - "A dict as recorded (C(plan_record)): C(token) (the approved RV(plan_token)), C(module), C(scope),
        C(options), C(changes), C(count), plus C(key) (the task's key, for messages). Without C(token) the task is
        refused: it was not in the approved plans (C(missing) says why)."
      - Not part of the plan token, like every connection option.
    type: dict
  record_plan:
    description:
      - Return C(plan_record), the plan's token with what it covers, which the action plugin publishes as custom
        stats when the variable C(baiducloud_plan) is C(record) in check mode. Set by the action plugin.
    type: bool
    default: false
notes:
  - "Time bound: one API call ends within O(api_timeout) x (O(api_retries) + 2) + O(api_retry_max_delay) x O(api_retries)
    seconds (the + 2 counts the first try and one re-signed try after a C(RequestExpired) answer). A module run makes a
    fixed number of calls: the reads it needs (a listing reads at most 11 pages of 1000 rules) and one call per write of
    its plan; each is bounded alone. With the defaults one call takes at most 210 seconds."
  - An answer body larger than 8 MiB, or a 2xx answer that is not the JSON the call expects, fails the task naming the call
    and the request id. When that answer follows a write, the write may have been applied; running the task again
    converges.
  - Proxies are taken from the standard E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY) environment variables.
  - Every option that carries credentials can be set once for a play with
    C(module_defaults) and the action group C(group/baiducloud.vpc.vpc).
requirements:
  - requests
'''
