"""Red flags: the mistakes an experienced interviewer penalises, parsed from a note's section.

Each bullet of a note's `## Red flags` section is one flag, in a fixed grammar (documented in
docs/knowledge-format.md) so the same text is readable as a note, retrievable, and usable by
the graders:

    - **Accuracy as the headline metric with rare positives.** Sounds like: "Our main metric
      is accuracy."; "We reach 98% accuracy." Why it is wrong: ... Instead: ...
      Cues: accuracy.

Cues are the words a flagged sentence must use (`random + split`: both words); every
"sounds like" example must use one, which the loader checks, so a flag can never be
undetectable by construction. A cue written `~canary` names the fix a mistake of omission
leaves out: a sentence that turns it down ("we don't need a canary", "I wouldn't reserve slots
for exploration") makes the mistake, however it is worded otherwise. A cue written `!on
validation` names words that state the fix itself: a sentence asserting them ("thresholds are
picked on validation and confirmed once on test") is the right practice, whatever else it
uses, so no example of the mistake may use one. A closing "Also judged in: data." names stages
besides the note's own where the mistake is judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from agent.matching import matched

MIN_SAYS = 2
_BULLET = re.compile(
    r"^\*\*(?P<flag>[^*]+?)\*\*\s*Sounds like:\s*(?P<says>.+?)\s*Why it is wrong:\s*(?P<why>.+?)"
    r"\s*Instead:\s*(?P<instead>.+?)\s*Cues:\s*(?P<cues>[^.]+?)\.?"
    r"(?:\s*Also judged in:\s*(?P<also>[a-z, ]+?)\.?)?\s*$",
    re.DOTALL,
)
_QUOTE = re.compile(r'"([^"]+)"')
GRAMMAR = (
    '"- **<the flag>.** Sounds like: "<example>"; "<example>". Why it is wrong: <why>. '
    "Instead: <what a strong candidate says>. Cues: <word>, <word + word>, ~<fix left out>, "
    '!<fix stated>." and, optionally, '
    '"Also judged in: <stage>, <stage>."'
)


class RedFlag(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str  # "<note id>#<n>", stable while the section's order is
    note: str
    flag: str
    says: tuple[str, ...]
    why: str
    instead: str
    cues: tuple[tuple[str, ...], ...]  # any one cue; every word of that cue
    denied: tuple[tuple[str, ...], ...] = ()  # fixes whose refusal is the mistake (`~` cues)
    fixed: tuple[tuple[str, ...], ...] = ()  # words that state the fix (`!` cues)
    # stages besides its note's where the mistake is made: a training note's random split is
    # often planned while the data is described
    also: tuple[str, ...] = ()

    def cued(self, text: str) -> bool:
        """Whether `text` uses one of the cues, each of its words as a whole word."""
        return any(len(matched(text, cue)) == len(cue) for cue in self.cues)

    def explained(self) -> str:
        """The flag as the scorecard and the prompts show it."""
        return f"{self.flag} Why it is wrong: {self.why} Instead: {self.instead}"


def parse_red_flags(note_id: str, bullets: list[str]) -> list[RedFlag]:
    """The flags of one `## Red flags` section, given its bullets (`Note.section_list`);
    ValueError names the bullet and the fix."""
    flags = []
    for n, bullet in enumerate(bullets, 1):
        where = f"Red flags, bullet {n}"
        match = _BULLET.match(bullet)
        if not match:
            raise ValueError(f"{where}: not in the red-flag form; write it as {GRAMMAR}")
        says = tuple(q.strip() for q in _QUOTE.findall(match["says"]))
        if len(says) < MIN_SAYS:
            raise ValueError(
                f"{where}: 'Sounds like' has {len(says)} quoted example(s); give at least "
                f"{MIN_SAYS}, each in double quotes"
            )
        written = [cue.strip() for cue in match["cues"].split(",") if cue.strip()]
        cues = _cues(c for c in written if not c.startswith(("~", "!")))
        denied = _cues(c[1:] for c in written if c.startswith("~"))
        fixed = _cues(c[1:] for c in written if c.startswith("!"))
        if not cues or any(w != w.lower() for cue in cues + denied + fixed for w in cue):
            raise ValueError(f"{where}: Cues: give lower-case words, comma-separated")
        flag = RedFlag(
            id=f"{note_id}#{n}",
            note=note_id,
            flag=match["flag"].strip(),
            says=says,
            why=match["why"].strip(),
            instead=match["instead"].strip(),
            cues=cues,
            denied=denied,
            fixed=fixed,
            also=tuple(s.strip() for s in (match["also"] or "").split(",") if s.strip()),
        )
        if silent := [q for q in says if not flag.cued(q)]:
            raise ValueError(
                f"{where}: the example {silent[0]!r} uses none of the cues; add a cue it uses "
                f"or reword the example"
            )
        if fixing := [q for q in says if any(len(matched(q, cue)) == len(cue) for cue in fixed)]:
            raise ValueError(
                f"{where}: the example {fixing[0]!r} uses a cue that states the fix (`!`); "
                f"narrow that cue or reword the example"
            )
        flags.append(flag)
    return flags


def _cues(written: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(part.strip() for part in cue.split("+") if part.strip()) for cue in written)
