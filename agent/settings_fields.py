"""Every setting: its env var MLSD_<FIELD> (the endpoint fields also the standard OPENAI_*
names, so an existing OpenAI setup works unchanged), default, bounds and description, checked
as read. Kept apart from config.py, which adds what the fields resolve to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("mlsd-interviewer"))


class SettingsFields(BaseSettings):
    """Every setting as read: default, bounds and description; `Settings` (config.py) adds
    what they resolve to."""

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
