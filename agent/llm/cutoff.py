"""Cutting model calls off from another thread: Ctrl-C in the terminal, a grading call that
must yield to the interview.

Closing an httpx client does not wake a thread blocked reading one of its sockets (on Linux
only shutdown() does), so each client records the sockets it opens through httpx's `trace`
request extension, and `cut()` shuts them down: the blocked read returns at once and the call
fails. A cut client also ends its Retry-After countdowns and refuses new requests.
"""

from __future__ import annotations

import socket
import threading
import weakref
from contextlib import suppress
from typing import Any

import httpx2


class Cancelled(Exception):
    """A request that was about to start on a client already cut."""


class Cutoff:
    """One HTTP client's open sockets, and whether the client was cut."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._lock = threading.Lock()
        with _LIVE_LOCK:
            _LIVE.add(self)

    def watch(self, request: httpx2.Request) -> None:
        """httpx request hook: note the connections this request opens; refuse once cut."""
        if self.done.is_set():
            raise Cancelled()
        request.extensions["trace"] = self._trace

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        failed = info.get("exception") if event.endswith(".failed") else None
        # a read that failed because we cut it: say so, and spare the SDK's retry (its back-off
        # sleep would hold the caller half a second more). A Ctrl-C (a BaseException) stays one.
        if self.done.is_set() and isinstance(failed, Exception):
            raise Cancelled()
        # TLS wraps the TCP socket in a new object and detaches the first: note both
        if event.endswith(
            ("connect_tcp.complete", "connect_unix_socket.complete", "start_tls.complete")
        ):
            sock = info["return_value"].get_extra_info("socket")
            if sock is not None:
                with self._lock:
                    self._sockets.add(sock)

    def cut(self) -> None:
        """Fail every request in flight on this client now, and any later one."""
        self.done.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with suppress(OSError):  # already closed: nothing in flight there
                sock.shutdown(socket.SHUT_RDWR)


_LIVE: weakref.WeakSet[Cutoff] = weakref.WeakSet()
_LIVE_LOCK = threading.Lock()


def cut_all() -> None:
    """Cut every model client in this process (the terminal's Ctrl-C)."""
    with _LIVE_LOCK:
        live = list(_LIVE)
    for cutoff in live:
        cutoff.cut()


def cut_all_soon() -> None:
    """cut_all from a helper thread: safe in a signal handler, which may have interrupted
    this very thread inside one of the locks cut_all takes."""
    threading.Thread(target=cut_all, name="cut-model-calls", daemon=True).start()
