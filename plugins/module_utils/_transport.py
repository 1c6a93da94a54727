# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP transport of the BCE client: one exchange (request and whole body) within a deadline.

The exchanges of a client run in its worker thread (_Worker), so a server that drips its answer cannot hold a run
past api_timeout; a body is read in chunks up to a byte limit. Nothing here retries, maps errors or signs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import socket
import threading
import time

try:
    import requests
except ImportError:  # pragma: no cover - _client refuses to build a client without it
    requests = None

# One page of 1000 rules is about 400 KB of JSON: 8 MiB is far beyond any real answer.
MAX_BODY_BYTES = 8 * 1024 * 1024
READ_CHUNK_BYTES = 64 * 1024
_monotonic = getattr(time, 'monotonic', time.time)


class _Answer(object):
    """Status, headers and the whole body of one HTTP exchange."""

    def __init__(self, status_code, headers, content, reason):
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self.reason = reason


class _Unreadable(Exception):
    """The status line arrived but the body could not be read whole (code, message, status, headers)."""

    def __init__(self, code, message, response):
        super(_Unreadable, self).__init__(message)
        self.code = code
        self.message = message
        self.response = response


class _Deadline(Exception):
    """No status line within api_timeout."""


class _Worker(object):
    """One thread that runs a client's exchanges one after the other, so that the deadline of each costs a
    hand-over between two threads rather than the start of a new one (about a third of the CPU of a GET).

    The thread ends after IDLE_SECONDS without work (a client kept by a long-lived process holds no thread),
    and a worker is not used across a fork (its thread does not exist in the child)."""

    IDLE_SECONDS = 5.0

    def __init__(self):
        self._lock = threading.Lock()
        self._work = threading.Condition(self._lock)
        self._job = None
        self._alive = False
        self._busy = False
        self._abandoned = False
        self._pid = os.getpid()

    def usable(self):
        """False once a job overran its time (the thread may be stuck in it) or in a forked child."""
        return not self._abandoned and self._pid == os.getpid()

    def call(self, func, timeout):
        """Run func() in the thread; True when it returned within timeout seconds, False when it is still running
        (the worker then must not be given more work). A call made while the thread is busy (a client shared by
        threads) runs in a thread of its own."""
        done = threading.Event()
        with self._lock:
            if self._busy:
                start = self._once
                args = (func, done)
            else:
                self._busy = True
                self._job = (func, done)
                start = None if self._alive else self._loop
                args = ()
                self._alive = True
                self._work.notify()
        if start is not None:
            thread = threading.Thread(target=start, args=args, name='bce-request')
            thread.daemon = True
            thread.start()
        if done.wait(timeout):
            return True
        self._abandoned = True
        return False

    @staticmethod
    def _once(func, done):
        try:
            func()
        finally:
            done.set()

    def _loop(self):
        while True:
            with self._lock:
                if self._job is None:
                    self._work.wait(self.IDLE_SECONDS)
                job, self._job = self._job, None
                if job is None:
                    self._alive = False
                    return
            func, done = job
            try:
                func()
            except BaseException:
                # The job is written to catch every Exception; anything else ends this thread, so the next job
                # must start a new one rather than wait for it.
                with self._lock:
                    self._alive = False
                raise
            finally:
                with self._lock:
                    self._busy = False
                done.set()


def _read_body(response, deadline, limit=MAX_BODY_BYTES):
    """The whole body, at most `limit` bytes; the deadline is checked between chunks."""
    length = response.headers.get('content-length') if response.headers is not None else None
    if length and length.isdigit() and int(length) > limit:
        _close_quietly(response)
        raise _Unreadable(
            'ResponseTooLarge',
            'the body announces %s bytes, more than the %d accepted' % (length, limit),
            response,
        )
    chunks = []
    size = 0
    for chunk in response.iter_content(READ_CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            _close_quietly(response)
            raise _Unreadable('ResponseTooLarge', 'the body is larger than the %d bytes accepted' % limit, response)
        if _monotonic() > deadline:
            _close_quietly(response)
            raise _Unreadable('ResponseTimeout', 'the answer was not complete within api_timeout', response)
        chunks.append(chunk)
    return b''.join(chunks)


def _abort(response):
    """Cut the connection under a response another thread is still reading.

    close() would wait for the reader's lock; shutting the socket down wakes the reader at once."""
    raw = getattr(response, 'raw', None)
    connection = getattr(raw, '_connection', None) or getattr(raw, 'connection', None)
    sock = getattr(connection, 'sock', None)
    if sock is None:
        # urllib3 1.x: the socket under http.client's buffered reader.
        sock = getattr(getattr(getattr(getattr(raw, '_fp', None), 'fp', None), 'raw', None), '_sock', None)
    try:
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # pylint: disable=broad-except  # best effort: the worker is abandoned anyway
        pass


def _close_quietly(response):
    try:
        response.close()
    except Exception:  # pylint: disable=broad-except  # closing is best effort; the error is already known
        pass


def _session_for(base_url, validate_certs):
    """A Session whose environment settings (proxies, CA bundle) are read once for the endpoint.

    With trust_env left on, requests re-reads them on every call, and would also take
    credentials from ~/.netrc for the host and put them in the Authorization header,
    replacing the bce-auth-v1 signature."""
    session = requests.Session()
    settings = session.merge_environment_settings(base_url, {}, None, validate_certs, None)
    session.trust_env = False
    session.proxies = settings['proxies']
    session.verify = settings['verify']
    return session


def exchange(session, worker, method, url, body, headers, timeout, verify, body_limit=MAX_BODY_BYTES):
    """Send one request and read its whole answer, all within `timeout` seconds; return an _Answer.

    The exchange runs in the worker's thread, waited for with the time left: a server that drips its status
    line, headers or body a byte at a time cannot hold the run past the deadline, whatever the socket timeouts
    (they bound one wait each, never the sum). A worker still blocked at the deadline is abandoned (a daemon
    thread) after its response is shut down, and the client starts a new one for its next request. Raises
    _Deadline (no status line in time), _Unreadable (the body could not be read whole) or the library's error."""
    deadline = _monotonic() + timeout
    outcome = {}

    def work():
        try:
            response = session.request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=timeout,
                verify=verify,
                allow_redirects=False,
                stream=True,
            )
            outcome['response'] = response
            outcome['content'] = _read_body(response, deadline, body_limit)
        except Exception as exc:  # pylint: disable=broad-except  # handed to the caller, which maps it
            outcome['error'] = exc

    finished = worker.call(work, max(0.0, deadline - _monotonic()))
    response = outcome.get('response')
    if not finished:
        # The worker is stuck in this exchange: it is left to die with its connection (run() marked it unusable).
        if response is not None:
            _abort(response)
            raise _Unreadable(
                'ResponseTimeout',
                'the answer was not complete within api_timeout=%s seconds' % timeout,
                response,
            )
        raise _Deadline()
    if 'error' in outcome:
        if isinstance(outcome['error'], _Unreadable) or response is None:
            raise outcome['error']
        raise _Unreadable(
            'ResponseUnreadable', 'the answer could not be read (%s)' % type(outcome['error']).__name__, response
        )
    return _Answer(response.status_code, response.headers, outcome['content'], getattr(response, 'reason', ''))
