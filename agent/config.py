"""Settings: one typed object read from env vars (and an optional .env file).

Every field's env var is MLSD_<FIELD>; the endpoint fields also accept the standard
OPENAI_* names, so an existing OpenAI setup works unchanged. The fields are declared in
settings_fields.py; here is what they resolve to, and the one readable error for a bad one.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal
from urllib.parse import urlparse

from pydantic import ValidationError

from agent.errors import InterviewerError
from agent.measured import ServerFacts, load_facts
from agent.settings_fields import SettingsFields

OPENAI_URL = "https://api.openai.com/v1"


class SettingsError(InterviewerError):
    """A setting has a bad value; the message names the env var to fix."""


class Settings(SettingsFields):
    @property
    def grading_mode(self) -> Literal["live", "end"]:
        """`grading`, with auto resolved: live for a server fast enough to grade beside a
        turn (as `mlsd doctor` measured it) with more than one slot; unmeasured, end for a
        server on this machine, most likely one model on the same CPU or GPU."""
        if self.grading != "auto":
            return self.grading
        if not self.endpoint_configured:
            return "live"  # the offline grader: no server to share
        facts = self.measured
        if facts is not None and facts.fast is not None:
            return "live" if facts.fast and (facts.slots or 2) > 1 else "end"
        return "end" if self.local_endpoint else "live"

    @property
    def decision_mode(self) -> Literal["model", "offline"]:
        """`decisions`, with auto resolved: the model decides on a server fast enough for a
        second call per turn (as measured); unmeasured, offline for a server on this
        machine, most likely a CPU or a small GPU where a decision doubles the wait."""
        if self.decisions != "auto":
            return self.decisions
        facts = self.measured
        if facts is not None and facts.fast is not None:
            return "model" if facts.fast else "offline"
        return "offline" if self.local_endpoint else "model"

    @property
    def context_budget(self) -> int:
        """Prompt tokens per call: CONTEXT_TOKENS, never more than the server's context as
        measured, less the room for the reply."""
        facts = self.measured
        window = (
            min(self.context_tokens, facts.context or self.context_tokens)
            if facts
            else self.context_tokens
        )
        return window - self.answer_tokens

    @cached_property
    def measured(self) -> ServerFacts | None:
        """What `mlsd doctor` measured about this endpoint and model, if it ran (read once per
        Settings: the interviewer asks for the auto modes every turn)."""
        return load_facts(self.data_dir, self.endpoint, self.model)

    @property
    def local_endpoint(self) -> bool:
        host = urlparse(self.endpoint).hostname or ""
        return host in ("localhost", "::1") or host.startswith("127.")

    @property
    def endpoint_configured(self) -> bool:
        """True when a model endpoint should be used instead of the offline interviewer."""
        return not self.offline and bool(self.base_url or self.api_key)

    @property
    def endpoint(self) -> str:
        return (self.base_url or OPENAI_URL).rstrip("/")

    def redacted(self) -> dict[str, str]:
        """Effective settings for display, the key masked."""
        shown: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name == "api_key" and value is not None:
                secret = value.get_secret_value()
                value = f"{secret[:3]}…(redacted)" if len(secret) > 8 else "(redacted)"
            if name == "checkpoint_url" and value and (password := urlparse(value).password):
                value = value.replace(f":{password}@", ":(redacted)@")
            shown[env_name(name)] = "" if value is None else str(value)
        return shown


def env_name(field: str) -> str:
    return f"MLSD_{field.upper()}"


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning a validation error into one readable SettingsError."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            field = str(item["loc"][0]) if item["loc"] else "?"
            problems.append(f"{env_name(field)}: {item['msg']} (got {item.get('input')!r})")
        raise SettingsError("Bad setting. " + "; ".join(problems)) from None
