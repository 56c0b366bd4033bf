"""The model layer: the one OpenAI-compatible client, structured output, the reply cache, token
counting offline and the prompt files. Nothing here knows about interviews."""

from agent.llm.client import LLM
from agent.llm.prompts import candidate_block, render
from agent.llm.replies import LLMError, Messages, Reply, Usage
from agent.llm.structured import structured
from agent.llm.tokens import count_message_tokens, count_tokens, truncate_to_tokens

__all__ = [
    "LLM",
    "LLMError",
    "Messages",
    "Reply",
    "Usage",
    "candidate_block",
    "count_message_tokens",
    "count_tokens",
    "render",
    "structured",
    "truncate_to_tokens",
]
