"""`mlsd doctor`: check the configured endpoint and say what to fix."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from agent.config import Settings
from agent.llm.client import LLM, LLMError
from agent.llm.server_crash import REBUILD
from agent.llm.structured import memory_for, structured
from agent.printable import printable

HOW_TO = (
    "To use a model, set MLSD_BASE_URL (and MLSD_MODEL): Ollama http://localhost:11434/v1, "
    "llama.cpp server http://localhost:8080/v1, vLLM http://localhost:8000/v1, LM Studio "
    "http://localhost:1234/v1; for OpenAI set only OPENAI_API_KEY."
)


class Ping(BaseModel):
    """The smallest structured answer, to learn which output mode the endpoint supports."""

    ok: bool = Field(description="Always true.")


def _print(line: str) -> None:
    print(printable(line))  # model names and error text come from the server


def run_doctor(settings: Settings, say: Callable[[str], None] = _print) -> int:
    """Print a line per check; return the process exit code (0 healthy, 1 not)."""
    if not settings.endpoint_configured:
        say(
            "No model endpoint configured: the offline interviewer and the coverage grader are active."
        )
        say(HOW_TO)
        return 0
    llm = LLM(settings)
    models = None
    try:
        models = llm.list_models()
        say(f"✓ {llm.endpoint} is reachable and lists {len(models)} model(s).")
        if settings.model and settings.model not in models:
            say(
                f"! MLSD_MODEL={settings.model} is not among the listed models "
                f"({', '.join(models[:5]) or 'none'}); requests may fail."
            )
        say(f"✓ using model {llm.model}.")
        text = "".join(
            llm.stream([{"role": "user", "content": "Reply with the word OK."}], max_tokens=8)
        )
        say(f"✓ streaming works (got {text.strip()[:40]!r}).")
        structured(llm, [{"role": "user", "content": "Say ok as JSON."}], Ping, max_tokens=32)
        mode = memory_for(llm).get(f"{llm.endpoint}|{llm.model}")
        say(f"✓ structured output works in {mode} mode.")
    except LLMError as error:
        say(f"✗ {error}")
        if error.status is None and models is not None and not _still_up(llm):
            say(f"✗ The server answered at first and is gone now: it crashed. {REBUILD}")
        say(
            "The interviewer cannot use this endpoint until this is fixed; "
            f"unset MLSD_BASE_URL to run the offline interviewer instead. {HOW_TO}"
        )
        return 1
    say("The endpoint is ready for interviews and grading.")
    return 0


def _still_up(llm: LLM) -> bool:
    """After a failed request: does the server that listed its models still answer at all?"""
    try:
        llm.list_models()
    except LLMError:
        return False
    return True
