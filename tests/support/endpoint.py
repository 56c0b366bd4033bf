"""A scripted OpenAI-compatible server: real HTTP on 127.0.0.1, answers from a queue.

Tests queue replies (or faults) in order; the server records every request. `verify()` fails
on an unexpected extra call and on replies left unused. A `responder` callable can answer
instead of the queue (benchmarks, long scripted interviews). `/v1/embeddings` is not scripted:
it answers every call with deterministic bag-of-words vectors (texts sharing words are close).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import socket
import ssl
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = (
    "refuse",  # the connection is shut at once
    "delay",  # answers after `delay` seconds
    "http500",
    "malformed",  # application/json that does not parse
    "cut",  # the reply stops halfway and the connection closes
    "html",  # HTTP 200 with a web page, as a web UI or proxy at the wrong path sends
    "notjson",  # HTTP 200 with plain text
    "wrongshape",  # valid JSON, but not a chat completion
    "ratelimit",  # HTTP 429 with `Retry-After: retry_after`
    "hang",  # never answers: holds the connection until the endpoint closes
    "length",  # the reply stops at max_tokens (finish_reason "length"), as a rambling model's
)
EMBED_DIM = 32
WEB_PAGE = b"<!DOCTYPE html><html><head><title>Open WebUI</title></head><body>Sign in</body></html>"


@dataclass
class Scripted:
    text: str = ""
    fault: str | None = None
    delay: float = 0.0
    usage: dict[str, int] = field(default_factory=dict)
    retry_after: int = 0  # seconds, for the ratelimit fault


class ScriptedEndpoint:
    def __init__(
        self,
        models: tuple[str, ...] = ("scripted-model",),
        reject: tuple[str, ...] = (),
        tls: ssl.SSLContext | None = None,  # serve https with this server context
    ):
        self.models = models
        self.reject = set(reject)  # response_format types answered with HTTP 400
        self.queue: deque[Scripted] = deque()
        self.requests: list[dict[str, Any]] = []
        self.unexpected: list[dict[str, Any]] = []
        # answers instead of the queue: the text, or a Scripted (to add a delay or a fault)
        self.responder: Callable[[dict[str, Any]], str | Scripted] | None = None
        self.props: dict[str, Any] | None = None  # llama.cpp's /props, when set
        self.chunk_delay = 0.0  # seconds between streamed pieces, to make streaming visible
        self.hung_up = 0  # streamed replies whose reader closed the connection before the end
        self._lock = threading.Lock()
        self._closing = threading.Event()  # releases requests held by the hang fault
        self._chatted = threading.Event()  # a chat request has arrived
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self._server.server_address[1]}/v1"

    def reply(self, text: str, *, delay: float = 0.0, **usage: int) -> ScriptedEndpoint:
        self.queue.append(Scripted(text=text, delay=delay, usage=usage))
        return self

    def reply_json(self, obj: Any) -> ScriptedEndpoint:
        return self.reply(json.dumps(obj))

    def fault(
        self, kind: str, *, delay: float = 0.0, text: str = "", retry_after: int = 0
    ) -> ScriptedEndpoint:
        assert kind in FAULTS, f"unknown fault {kind!r}"
        self.queue.append(Scripted(text=text, fault=kind, delay=delay, retry_after=retry_after))
        return self

    def wait_for_chat(self, timeout: float = 60) -> None:
        """Block until a chat request has arrived: the model call is in flight."""
        assert self._chatted.wait(timeout), f"no chat request within {timeout} s"

    def chat_requests(self) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]

    def verify(self) -> None:
        problems = []
        if self.unexpected:
            problems.append(
                f"{len(self.unexpected)} unexpected call(s), first: "
                f"{json.dumps(self.unexpected[0])[:300]}"
            )
        if self.queue:
            problems.append(f"{len(self.queue)} scripted response(s) left unused")
        assert not problems, "scripted endpoint: " + "; ".join(problems)

    def close(self) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()

    def _next(self, body: dict[str, Any]) -> Scripted | None:
        with self._lock:
            if self.queue:
                return self.queue.popleft()
            if self.responder is not None:
                answer = self.responder(body)
                return answer if isinstance(answer, Scripted) else Scripted(text=answer)
            self.unexpected.append(body)
            return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the load benchmark opens hundreds of calls at once

    def handle_error(self, request: Any, client_address: Any) -> None:
        # a client that hangs up mid-answer is what fault tests make happen: not worth a trace
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def asks_for_json(body: dict[str, Any]) -> bool:
    """Whether a chat request is a structured one (every call streams, so the stream flag
    cannot tell): a response_format, or the schema instruction in its messages."""
    schema_told = any("JSON schema" in str(m.get("content")) for m in body.get("messages", []))
    return "response_format" in body or schema_told


def dead_url() -> str:
    """A loopback URL where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def _completion(model: str, text: str, usage: dict[str, int]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}
        ],
        "usage": _usage(text, usage),
    }


def _usage(text: str, usage: dict[str, int]) -> dict[str, Any]:
    prompt = usage.get("prompt_tokens", 10)
    completion = usage.get("completion_tokens", max(1, len(text.split())))
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": usage.get("cached_tokens", 0)},
    }


def embedding(text: str) -> list[float]:
    """A unit vector: each lower-case word adds 1 to a dimension picked by its hash."""
    vector = [0.0] * EMBED_DIM
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        vector[int(hashlib.sha256(word.encode()).hexdigest(), 16) % EMBED_DIM] += 1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


def _embeddings(body: dict[str, Any]) -> dict[str, Any]:
    texts = body.get("input") or []
    texts = [texts] if isinstance(texts, str) else texts
    data = [
        {"object": "embedding", "index": i, "embedding": embedding(t)} for i, t in enumerate(texts)
    ]
    tokens = sum(len(t.split()) for t in texts)
    return {
        "object": "list",
        "data": data,
        "model": body.get("model", "scripted-embed"),
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


def _chunk(model: str, delta: dict[str, Any], finish: str | None = None) -> bytes:
    payload = {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return b"data: " + json.dumps(payload).encode() + b"\n\n"


def _pieces(text: str) -> list[str]:
    words = text.split(" ")
    return [w if i == len(words) - 1 else w + " " for i, w in enumerate(words)]


def _handler_for(endpoint: ScriptedEndpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:
            endpoint.requests.append(
                {"path": self.path, "body": None, "auth": self.headers.get("Authorization")}
            )
            if self.path == "/props" and endpoint.props is not None:  # as llama.cpp serves it
                return self._json(200, endpoint.props)
            if self.path.rstrip("/").endswith("/models"):
                data = [
                    {"id": m, "object": "model", "owned_by": "scripted"} for m in endpoint.models
                ]
                return self._json(200, {"object": "list", "data": data})
            self._json(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            endpoint.requests.append(
                {
                    "path": self.path,
                    "body": body,
                    "auth": self.headers.get("Authorization"),
                    "at": time.monotonic(),  # when it arrived (tests of what overlaps what)
                }
            )
            if self.path.endswith("/embeddings"):
                return self._json(200, _embeddings(body))
            if not self.path.endswith("/chat/completions"):
                return self._json(404, {"error": {"message": f"no route {self.path}"}})
            endpoint._chatted.set()
            fmt = (body.get("response_format") or {}).get("type")
            if fmt in endpoint.reject:
                return self._json(400, {"error": {"message": f"response_format {fmt} unsupported"}})
            scripted = endpoint._next(body)
            if scripted is None:
                return self._json(500, {"error": {"message": "scripted endpoint: unexpected call"}})
            time.sleep(scripted.delay)
            self._answer(body, scripted)

        def _answer(self, body: dict[str, Any], s: Scripted) -> None:
            model = body.get("model", "scripted-model")
            if s.fault == "refuse":
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            if s.fault == "http500":
                return self._json(500, {"error": {"message": "scripted internal error"}})
            if s.fault == "malformed":
                return self._raw(200, b"{this is not json", "application/json")
            if s.fault == "html":
                return self._raw(200, WEB_PAGE, "text/html; charset=utf-8")
            if s.fault == "notjson":
                return self._raw(200, b"Hello from a plain text server", "text/plain")
            if s.fault == "wrongshape":
                return self._json(200, {"status": "ok", "result": s.text})
            if s.fault == "ratelimit":
                headers = {"Retry-After": str(s.retry_after)}
                error = {"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}
                return self._json(429, error, headers)
            if s.fault == "hang":
                endpoint._closing.wait()
                self.close_connection = True
                return
            if body.get("stream"):
                return self._stream(model, s, body)
            if s.fault == "cut":
                data = json.dumps(_completion(model, s.text, s.usage)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.close_connection = True
                return
            time.sleep(endpoint.chunk_delay * len(_pieces(s.text)))  # written whole, then sent
            self._json(200, _completion(model, s.text, s.usage))

        def _stream(self, model: str, s: Scripted, body: dict[str, Any]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            pieces = _pieces(s.text)
            if s.fault == "cut":
                pieces = pieces[: max(1, len(pieces) // 2)]
            self.wfile.write(_chunk(model, {"role": "assistant", "content": ""}))
            for piece in pieces:
                try:
                    self.wfile.write(_chunk(model, {"content": piece}))
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):  # the reader stopped: so do we
                    endpoint.hung_up += 1
                    self.close_connection = True
                    return
                time.sleep(endpoint.chunk_delay)
            if s.fault == "cut":
                self.close_connection = True
                return
            # fault "length": the reply ran out of max_tokens, as a rambling model's does
            self.wfile.write(_chunk(model, {}, "length" if s.fault == "length" else "stop"))
            if (body.get("stream_options") or {}).get("include_usage"):
                usage = {
                    "id": "chatcmpl-scripted",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": model,
                    "choices": [],
                    "usage": _usage(s.text, s.usage),
                }
                self.wfile.write(b"data: " + json.dumps(usage).encode() + b"\n\n")
            self.wfile.write(b"data: [DONE]\n\n")
            self.close_connection = True

        def _json(
            self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            self._raw(status, json.dumps(payload).encode(), "application/json", headers)

        def _raw(
            self, status: int, data: bytes, ctype: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
