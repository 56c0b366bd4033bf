"""In-process doubles for fast unit tests, beside the real-part tests (the scripted HTTP
endpoint, the real llama.cpp server) that stay.

`FakeModel` stands where `agent.llm.LLM` does: replies are queued with `enqueue()`, every call
is recorded, an unexpected extra call fails at once and `verify()` fails on replies left
unused, like the scripted endpoint. `FakePolicy` stands where an interviewer policy does: it
returns queued decisions and a fixed coverage, so the engine's routing is tested alone.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from agent.config import Settings
from agent.interviewer.policy import Decision, TurnContext, stream_words
from agent.knowledge import ChecklistItem
from agent.llm import Messages, Reply, Usage


class UnexpectedCall(AssertionError):
    pass


class FakeModel:
    """Duck-types `LLM` (chat, stream, list_models) without HTTP."""

    def __init__(self, settings: Settings, model: str = "fake-model"):
        self.settings, self.endpoint, self.model = settings, "fake://model", model
        self.usage = Usage()
        self.replies: deque[str] = deque()
        self.calls: list[dict[str, Any]] = []  # {"messages": ..., "params": ...}

    def enqueue(self, *texts: str) -> FakeModel:
        self.replies.extend(texts)
        return self

    def list_models(self) -> list[str]:
        return [self.model]

    def chat(self, messages: Messages, **params: Any) -> Reply:
        self.calls.append({"messages": messages, "params": params})
        if not self.replies:
            raise UnexpectedCall(f"call {len(self.calls)} has no queued reply: {messages[-1]}")
        reply = Reply(self.replies.popleft(), Usage(prompt_tokens=10, completion_tokens=5, calls=1))
        self.usage.add(reply.usage)
        return reply

    def stream(self, messages: Messages, **params: Any) -> Iterator[str]:
        self.last_usage = Usage(calls=1)
        yield from stream_words(self.chat(messages, **params).text)

    def verify(self) -> None:
        assert not self.replies, f"{len(self.replies)} queued repl(ies) never asked for"


@dataclass
class FakePolicy:
    """Duck-types `Policy`: decisions come from a queue, coverage is whatever `covered` says."""

    covered: list[str] = field(default_factory=list)
    decisions: deque[Decision] = field(default_factory=deque)
    seen: list[TurnContext] = field(default_factory=list)  # the context of every decide
    name: str = "fake policy"

    def enqueue(self, action: str, text: str = "", covered: list[str] | None = None) -> FakePolicy:
        self.decisions.append(Decision(action, covered or [], text=text))  # type: ignore[arg-type]
        return self

    def coverage(self, ctx: TurnContext) -> list[str]:
        return list(self.covered)

    def gaps(self, ctx: TurnContext) -> list[ChecklistItem]:
        return [item for item in ctx.spec.checklist if item.id not in self.covered]

    def decide(self, ctx: TurnContext) -> Decision:
        self.seen.append(ctx)
        if not self.decisions:
            raise UnexpectedCall("decide() called with no queued decision")
        return self.decisions.popleft()

    def ask(self, ctx: TurnContext, decision: Decision) -> Iterator[str]:
        return stream_words(decision.text)

    def hint(self, ctx: TurnContext) -> Iterator[str]:
        return stream_words(f"Think about {self.gaps(ctx)[0].id}.")

    def verify(self) -> None:
        assert not self.decisions, f"{len(self.decisions)} queued decision(s) never used"
