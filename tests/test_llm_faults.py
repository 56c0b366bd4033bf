"""The model client's side of endpoint faults, in process: what the response hook lets through,
how a Retry-After is read, and closing a client ending its call at once (over http and https,
while reading or while counting a Retry-After down). The CLI rows are in test_endpoint_faults.py."""

from __future__ import annotations

import email.utils
import re
import shutil
import ssl
import subprocess
import threading
import time

import httpx2
import pytest

from agent.config import load_settings
from agent.llm.client import LLM
from agent.llm.faults import NotTheAPI, check_response, retry_after
from agent.llm.replies import LLMError
from tests.support import parts
from tests.support.endpoint import ScriptedEndpoint

HELLO = [{"role": "user", "content": "hello"}]


@pytest.mark.parametrize(
    ("kind", "body", "words"),
    [
        ("text/plain", b"", "answered with an empty body (text/plain)"),
        ("", b"<html><body>It works!</body></html>", "answered with a web page (no content type)"),
        ("text/plain", b'{"choices": []}', None),  # the API's JSON, mislabelled: let through
        ("text/event-stream; charset=utf-8", b"data: {}", None),
    ],
)
def test_what_the_response_hook_lets_through(kind, body, words):
    headers = {"content-type": kind} if kind else {}
    response = httpx2.Response(200, headers=headers, content=body)
    if words is None:
        check_response(response)
        return
    with pytest.raises(NotTheAPI, match=re.escape(words)):
        check_response(response)


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "20"}, 20.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "20"}, 0.25),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_is_read_in_seconds(headers, seconds):
    assert retry_after(httpx2.Headers(headers)) == seconds


def test_retry_after_as_an_http_date():
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= retry_after(httpx2.Headers({"retry-after": later})) <= 30


# -- giving up a call from another thread (Ctrl-C's cut; live grading yielding to a turn)


@pytest.fixture
def https_endpoint(tmp_path, monkeypatch):
    """The scripted endpoint over TLS, its self-signed certificate trusted by the client."""
    if shutil.which("openssl") is None:
        parts.missing("openssl is not installed (it makes the test certificate)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ScriptedEndpoint(tls=context)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("MLSD_BASE_URL", server.url)
    monkeypatch.setenv("MLSD_MODEL", "scripted-model")
    yield server
    server.close()
    server.verify()


@pytest.mark.parametrize(
    ("scheme", "fault"), [("http", "hang"), ("https", "hang"), ("http", "ratelimit")]
)
def test_closing_the_client_ends_a_call_at_once(request, monkeypatch, capfd, scheme, fault):
    """A hanging read, or a Retry-After countdown, ends as soon as the client is closed."""
    server = request.getfixturevalue("endpoint" if scheme == "http" else "https_endpoint")
    assert server.url.startswith(f"{scheme}://")
    monkeypatch.setenv("MLSD_TIMEOUT", "60")
    monkeypatch.setenv("MLSD_RETRIES", "1")  # a cut call is not retried
    monkeypatch.setenv("MLSD_RETRY_WAIT", "120")  # a Retry-After of 60 s is waited for
    server.fault(fault, retry_after=60)
    llm = LLM(load_settings())
    failed: list[LLMError] = []

    def call() -> None:
        try:
            llm.chat(HELLO)
        except LLMError as error:
            failed.append(error)

    caller = threading.Thread(target=call)
    caller.start()
    server.wait_for_chat()
    deadline = time.monotonic() + 30
    while fault == "ratelimit" and "retrying in 60 s" not in capfd.readouterr().err:
        assert time.monotonic() < deadline and caller.is_alive(), failed  # no countdown
        time.sleep(0.05)  # closed while counting down, not before
    cut = time.monotonic()
    llm.close()
    caller.join(timeout=10)
    assert not caller.is_alive() and time.monotonic() - cut < 2
    assert len(failed) == 1 and str(failed[0]).endswith(
        "was not waited for: the call was cancelled."
    )
    assert len(server.chat_requests()) == 1
