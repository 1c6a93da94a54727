# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one exception type the emulator raises for API errors, plus the code/status table.

Keeping every (code, status) pair in one table makes the README table and the behaviour
impossible to drift apart: handlers raise ``ApiError(CODE, message)`` and the status comes
from here.
"""

# code -> HTTP status.  Platform codes follow the reference digest section 3.2; the
# route-specific ones are emulator assumptions (documented in README.md).
STATUS = {
    # platform / authentication
    'InvalidHTTPAuthHeader': 400,
    'InvalidAccessKeyId': 403,
    'SignatureDoesNotMatch': 400,
    'RequestExpired': 400,
    'InvalidSessionToken': 403,
    'AccessDenied': 403,
    'InvalidHTTPRequest': 400,
    'InvalidURI': 400,  # BCE common error table (reference 7 item 6)
    'InvalidVersion': 404,
    'MethodNotAllowed': 405,
    'MalformedJSON': 400,
    'InappropriateJSON': 400,
    'IdempotentParameterMismatch': 403,
    'NoSuchObject': 404,
    'InternalError': 500,
    # route specific (assumed)
    'InvalidParameter': 400,
    'InvalidCidr': 400,
    'InvalidSourceAddress': 400,
    'InvalidDestinationAddress': 400,
    'InvalidNexthop': 400,
    'RouteRuleRepeated': 400,
    'RouteRuleExceedQuota': 400,
    'OperationNotAllowed': 400,
}


class ApiError(Exception):
    """An error answered as ``{"code", "message", "requestId"}`` with the table's status."""

    def __init__(self, code, message, status=None):
        super(ApiError, self).__init__(message)
        if code not in STATUS and status is None:
            raise ValueError('unknown error code %r without explicit status' % code)
        self.code = code
        self.message = message
        self.status = status if status is not None else STATUS[code]
