"""`mlsd doctor`: check the configured endpoint and say what to fix."""

from __future__ import annotations

from collections.abc import Callable
from textwrap import shorten

from pydantic import BaseModel, Field

from agent.config import Settings, load_settings
from agent.llm.client import LLM
from agent.llm.replies import LLMError
from agent.llm.server_crash import REBUILD
from agent.llm.server_facts import measure
from agent.llm.structured import NoValidReply, memory_for, structured
from agent.measured import save_facts
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
        _trial_decision(llm, say)
        _measure(llm, settings, say)
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


# A turn's new text on a local server is about this many prompt tokens (the answer, the notes
# retrieved for it, the task; benchmarks/latency.py), and a stage's first call, whose prompt
# the server has not seen, up to this many
TURN_TOKENS, FRESH_PROMPT_TOKENS = 550, 2600
TRIAL_ANSWER = (
    "An interview candidate, asked how to measure a fraud model offline, answered: 'PR-AUC "
    "rather than ROC-AUC, since fraud is 0.1% of payments.' Judge the answer and pick the "
    "interviewer's next move; the stage's checklist ids are metric_choice and imbalance."
)


def _trial_decision(llm: LLM, say: Callable[[str], None]) -> None:
    """One decision as the interviewer asks for it: a model that cannot give one makes every
    turn fall back to the offline interviewer's move when MLSD_DECISIONS=model."""
    from agent.interviewer.model import DECISION_TOKENS, InterviewerDecision

    message = [{"role": "user", "content": TRIAL_ANSWER}]
    try:
        structured(llm, message, InterviewerDecision, max_tokens=DECISION_TOKENS)
    except NoValidReply as error:
        say(
            f"! In a trial the model gave no valid interviewer decision ({shorten(error.what, 200)}). "
            "With MLSD_DECISIONS=model its turns would fall back to the offline interviewer's "
            "moves; MLSD_DECISIONS=offline spares the wasted call."
        )
        return
    say("✓ the model gives a valid interviewer decision.")


def _measure(llm: LLM, settings: Settings, say: Callable[[str], None]) -> None:
    """Slots, context and speed, kept for the auto settings; then what they imply."""
    facts = measure(llm)
    save_facts(settings.data_dir, settings.endpoint, settings.model, facts)
    if facts.slots or facts.context:
        slots = f"{facts.slots} request(s) at once" if facts.slots else "requests"
        context = f" with {facts.context} tokens of context" if facts.context else ""
        say(f"✓ the server runs {slots}{context}.")
    if facts.read_per_s is None or facts.write_per_s is None:
        say("! The server's speed could not be measured (it reported no token counts).")
        return
    first = TURN_TOKENS / facts.read_per_s
    if settings.decision_mode == "model":  # resolved with what was just measured
        first += TURN_TOKENS / facts.read_per_s + 80 / facts.write_per_s
    say(
        f"✓ speed: reads {facts.read_per_s:g} prompt tokens/s, writes {facts.write_per_s:g} "
        f"tokens/s: about {first:.0f} s to the first word of a question."
    )
    resolved = load_settings(data_dir=settings.data_dir)  # auto settings, from what was kept
    say(
        f"  With these figures: MLSD_GRADING={settings.grading} runs as "
        f"{resolved.grading_mode}, MLSD_DECISIONS={settings.decisions} as "
        f"{resolved.decision_mode}."
    )
    advice = []
    if facts.context and settings.context_tokens > facts.context:
        advice.append(f"MLSD_CONTEXT_TOKENS={facts.context} (the server's context)")
    fresh = FRESH_PROMPT_TOKENS / facts.read_per_s * 1.5
    if fresh > settings.timeout:
        advice.append(
            f"MLSD_TIMEOUT={fresh:.0f} (a stage's first prompt takes ~{fresh / 1.5:.0f} s)"
        )
    if advice:
        say(f"! Recommended: {'; '.join(advice)}.")
