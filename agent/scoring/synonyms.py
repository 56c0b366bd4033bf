"""Words of the field that the knowledge notes spell one way: a sentence is read in the notes'
words before its red flags are judged, so a cue and the examples' wording need not list every
variant. The evidence quoted is always the candidate's own sentence."""

from __future__ import annotations

import re

# a phone's tap is a click ("tap-through rate as the launch metric" is the click-through
# mistake): the notes' cues and examples say "click", so a sentence is read with its taps as clicks
_TAPS = re.compile(r"\btap(s|ped|ping)?\b(?!\s+(?:into|water)\b)", re.IGNORECASE)
_CLICKS = {"": "click", "s": "clicks", "ped": "clicked", "ping": "clicking"}


def same_words(sentence: str) -> str:
    """The sentence as the notes word it: taps read as clicks."""
    return _TAPS.sub(lambda m: _CLICKS[(m.group(1) or "").lower()], sentence)
