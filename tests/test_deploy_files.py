"""The deployment files (deploy/, docs/deploy.md) stay true to the code: every setting they
pass exists and takes the value given, the sign-in example has what Streamlit needs, and the
image installs what the Makefile installs. Docker cannot run here; this is what can be held."""

from __future__ import annotations

import re
import tomllib

import yaml

from agent.config import Settings, env_name, load_settings
from agent.paths import ROOT

DEPLOY = ROOT / "deploy"
AUTH_KEYS = {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"}


def app_environment() -> dict[str, str]:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    apps = [s for name, s in compose["services"].items() if name.startswith("app")]
    assert len(apps) >= 2  # replicas behind the proxy
    return apps[0]["environment"]


def test_every_setting_in_the_compose_file_exists_and_validates(monkeypatch):
    env = app_environment()
    known = {env_name(field) for field in Settings.model_fields}
    assert set(env) <= known, set(env) - known
    for name, value in env.items():  # ${VARIABLE}s as compose fills them from deploy/.env
        monkeypatch.setenv(name, re.sub(r"\$\{(\w+)\}", "x", value))
    settings = load_settings()  # a bad value raises SettingsError
    assert settings.checkpoint_url.startswith("postgresql://")
    assert settings.chroma_url and settings.base_url


def test_the_sign_in_example_has_what_streamlit_needs():
    secrets = tomllib.loads((DEPLOY / "secrets.toml.example").read_text())
    assert set(secrets["auth"]) == AUTH_KEYS
    assert secrets["auth"]["redirect_uri"].endswith("/oauth2callback")


def test_the_image_installs_what_the_makefile_installs():
    wheels = re.search(r"^DATA_WHEELS := (.+)$", (ROOT / "Makefile").read_text(), re.M)
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert wheels and wheels.group(1).strip() in dockerfile
    assert "pip install --no-cache-dir -e ." in dockerfile  # knowledge/ found beside agent/
    for folder in ("agent", "knowledge", "prompts"):
        assert f"COPY {folder} {folder}" in dockerfile
