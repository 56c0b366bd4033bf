"""Settings: one typed object read from env vars (and an optional .env file).

Every field's env var is MLSD_<FIELD>; the endpoint fields also accept the standard
OPENAI_* names, so an existing OpenAI setup works unchanged.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

from agent.errors import InterviewerError
from agent.measured import ServerFacts, load_facts

OPENAI_URL = "https://api.openai.com/v1"


class SettingsError(InterviewerError):
    """A setting has a bad value; the message names the env var to fix."""


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("mlsd-interviewer"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MLSD_", env_file=".env", extra="ignore", validate_default=True
    )

    base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("MLSD_BASE_URL", "OPENAI_BASE_URL"),
        description="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (Ollama). "
        "Unset with no key: the offline interviewer runs.",
    )
    api_key: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("MLSD_API_KEY", "OPENAI_API_KEY"),
        description="API key; local servers accept any placeholder.",
    )
    model: str | None = Field(
        None, description="Model name; unset: the first model the endpoint lists."
    )
    offline: bool = Field(False, description="Force the offline interviewer and grader.")
    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Sessions, the knowledge index and the eval cache live here.",
    )
    timeout: float = Field(
        60.0,
        gt=0,
        le=3600,
        description="Seconds to wait for the first token, and then between tokens (every call streams, so a slow but steady server is never cut off).",
    )
    retries: int = Field(1, ge=0, le=10, description="Retries on a failed request.")
    retry_wait: float = Field(
        30.0,
        ge=0,
        le=3600,
        description="Most seconds to wait when the endpoint asks to (HTTP 429/503 Retry-After), "
        "counted down on screen; a longer wait fails at once.",
    )
    context_tokens: int = Field(
        8192, ge=1024, description="Token budget for one prompt, answer excluded."
    )
    answer_tokens: int = Field(400, ge=16, description="Most tokens the interviewer may say.")
    temperature: float = Field(0.3, ge=0, le=2, description="Sampling temperature.")
    seed: int | None = Field(7, description="Sampling seed, where the endpoint honours it.")
    embeddings: Literal["local", "endpoint"] = Field(
        "local", description="local: bundled MiniLM (offline); endpoint: /v1/embeddings."
    )
    embedding_model: str = Field(
        "nomic-embed-text", description="Model for /v1/embeddings when embeddings=endpoint."
    )
    checkpoint_url: str | None = Field(
        None,
        description="A PostgreSQL database for sessions and progress "
        "(postgresql://user:password@host:5432/db), shared by app processes on many "
        "machines; unset: SQLite files in data_dir.",
    )
    user: str = Field(
        "local",
        min_length=1,
        description="Whose sessions the terminal opens; the app uses the signed-in user when "
        "sign-in is configured, else this one.",
    )
    chroma_url: str | None = Field(
        None, description="A Chroma server (http://host:8000); unset: embedded store in data_dir."
    )
    grading: Literal["auto", "live", "end"] = Field(
        "auto",
        description="live: grade each stage in the background while you type (it yields to "
        "the interview); end: grade everything after /end (for single-slot servers); auto: "
        "by what `mlsd doctor` measured; unmeasured, end for a server on this machine, "
        "else live.",
    )
    decisions: Literal["auto", "model", "offline"] = Field(
        "auto",
        description="model: the model judges each answer and picks the next move (a second "
        "call per turn); offline: the offline interviewer picks it and the model only writes "
        "the question (one call per turn); auto: by what `mlsd doctor` measured; "
        "unmeasured, offline for a server on this machine.",
    )
    max_answer_chars: int = Field(
        20_000,
        ge=1,
        description="Longest answer the interview takes, in characters; a longer one is "
        "refused with a notice and handed back to be shortened, never cut.",
    )

    @field_validator("data_dir", mode="before")
    @classmethod
    def _data_dir_named(cls, value: object) -> object:
        # an empty path is the current folder: sessions would land wherever mlsd was started
        if isinstance(value, str) and not value.strip():
            raise PydanticCustomError(
                "empty_path", "is empty; unset it for the default folder, or name a folder"
            )
        return value

    @field_validator("checkpoint_url", mode="before")
    @classmethod
    def _postgres_url(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str) and urlparse(value).scheme not in ("postgresql", "postgres"):
            raise PydanticCustomError(
                "not_postgres", "is not a postgresql:// URL; unset it to keep sessions in SQLite"
            )
        return value

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
