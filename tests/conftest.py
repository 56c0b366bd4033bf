"""Shared fixtures: every test runs with a clean environment, its own data dir, no network
beyond loopback, and one scripted OpenAI-compatible endpoint when it asks for `endpoint`."""

from __future__ import annotations

import os
import shutil
import socket

import pytest

from agent.llm import local_server as llama
from tests.support import parts
from tests.support.endpoint import ScriptedEndpoint

_real_connect = socket.socket.connect


def _loopback_only(sock: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None and host not in ("127.0.0.1", "::1", "localhost"):
        raise ConnectionRefusedError(f"network blocked in tests: {address}")
    return _real_connect(sock, address)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path):
    for name in list(os.environ):
        if name.startswith(("MLSD_", "OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MLSD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MLSD_RETRIES", "0")
    monkeypatch.setenv("MLSD_TIMEOUT", "10")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.chdir(tmp_path)  # no developer .env leaks in
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    yield tmp_path


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch):
    """A scripted endpoint, configured as the app's model endpoint."""
    server = ScriptedEndpoint()
    monkeypatch.setenv("MLSD_BASE_URL", server.url)
    monkeypatch.setenv("MLSD_API_KEY", "test-key")
    monkeypatch.setenv("MLSD_MODEL", "scripted-model")
    # the scripted server is on loopback, which `auto` takes for a slow local server; the
    # tests script the model's decisions (test_llm.py covers auto's one call per turn)
    monkeypatch.setenv("MLSD_DECISIONS", "model")
    yield server
    server.close()
    server.verify()


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    """The real llama.cpp server with a tiny model, shared by the whole run."""
    why = llama.available()
    if why:
        parts.missing(f"local model unavailable: {why}")
    try:
        server = llama.LlamaServer(tmp_path_factory.mktemp("llama") / "server.log")
    except llama.ServerCrashed as crash:
        pytest.fail(str(crash), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def local_model(llama_server, monkeypatch: pytest.MonkeyPatch):
    """Configure the app to use the real local model."""
    monkeypatch.setenv("MLSD_BASE_URL", llama_server.url)
    monkeypatch.setenv("MLSD_API_KEY", "local")
    monkeypatch.setenv("MLSD_MODEL", "smollm2-135m")
    monkeypatch.setenv("MLSD_TIMEOUT", "240")
    monkeypatch.setenv("MLSD_CONTEXT_TOKENS", "3072")
    return llama_server


@pytest.fixture(scope="session")
def built_index(tmp_path_factory):
    """The knowledge index, embedded once per run (the embedding is the slow part)."""
    from agent.config import load_settings
    from agent.retrieval.index import refresh_index

    data = tmp_path_factory.mktemp("index-data")
    refresh_index(load_settings(data_dir=data, offline=True))
    return data / "index"


@pytest.fixture
def knowledge_index(built_index, isolated):
    """A copy of the built index in this test's data dir: the app finds it up to date."""
    shutil.copytree(built_index, isolated / "data" / "index")


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server on loopback, shared by the whole run (a database per test)."""
    from tests.support.postgres import PostgresServer

    try:
        server = PostgresServer()
    except (FileNotFoundError, RuntimeError) as why:
        parts.missing(f"PostgreSQL unavailable: {why}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, monkeypatch: pytest.MonkeyPatch):
    """Each storage sessions can live in: a test using it runs once on each, the PostgreSQL
    run in a fresh database (MLSD_CHECKPOINT_URL, seen by child processes too)."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_server").new_database()
        monkeypatch.setenv("MLSD_CHECKPOINT_URL", url)
    return request.param
