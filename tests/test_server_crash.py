"""A local model server that dies is named as a crash, with the fix, by both the fixture that
starts llama.cpp's server and `mlsd doctor`. The dying servers here are real processes that
kill themselves with SIGILL, as a server built for another CPU does at model load."""

from __future__ import annotations

import subprocess
import sys

import pytest

from agent.llm import local_server as llama
from tests.test_cli import mlsd

DIES_WHEN_ASKED = """
import json, os, signal
from http.server import BaseHTTPRequestHandler, HTTPServer

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # /v1/models answers, like a server still loading fine
        body = json.dumps({"object": "list", "data": [
            {"id": "m", "object": "model", "created": 0, "owned_by": "me"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # the first chat request runs the model's code: illegal instruction
        os.kill(os.getpid(), signal.SIGILL)

server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def test_the_fixture_names_a_sigill_at_start_and_how_to_rebuild(tmp_path):
    binary = tmp_path / "llama-server"
    binary.write_text("#!/bin/sh\nkill -ILL $$\n")
    binary.chmod(0o755)
    with pytest.raises(llama.ServerCrashed) as crash:
        llama.LlamaServer(tmp_path / "server.log", binary=str(binary))
    message = str(crash.value)
    assert "\n" not in message
    assert "SIGILL (illegal instruction)" in message and "make local-server" in message
    assert message.endswith(str(tmp_path / "server.log"))


def test_doctor_says_a_server_that_died_mid_request_crashed_and_how_to_rebuild():
    server = subprocess.Popen(
        [sys.executable, "-c", DIES_WHEN_ASKED], stdout=subprocess.PIPE, text=True
    )
    try:
        port = server.stdout.readline().strip()
        done = mlsd(
            "doctor", env={"MLSD_BASE_URL": f"http://127.0.0.1:{port}/v1", "MLSD_MODEL": "m"}
        )
        assert server.wait(timeout=10) == -4  # it really died of SIGILL
    finally:
        server.kill()
    assert done.returncode == 1
    assert "✓ http://127.0.0.1" in done.stdout  # it was reachable at first
    assert "it crashed" in done.stdout and "make local-server" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
