"""How the offline interviewer shows it heard the answer: a lead-in that names what was said
(never praise, never the answer), a terse answer probed rather than dismissed, and a remark
off the design (or aimed at the grader) steered back to the question on the table.
"""

from __future__ import annotations

import re

from agent.interviewer.asking import sentences
from agent.interviewer.policy import TurnContext, lines
from agent.knowledge import Knowledge
from agent.retrieval.lexical import tokens
from agent.state import QUESTION_KINDS

_STUCK = re.compile(
    r"\b(i (do not|don'?t|dont) know|not sure|no idea|i'?m stuck|"
    r"what do you mean|can you (explain|clarify|rephrase))\b",
    re.IGNORECASE,
)
STUCK_WORDS = 15  # "not sure about the QPS, but ..." at length is an answer, not a stall
TERSE_WORDS = 6  # "Accuracy.", "a random split": an answer to ask about, not to skip past
NAMED = 2  # what the lead-in names at most
COMMON = 0.4  # a word in more than this share of the notes is too common to name back
# cue words too general to name back ("You mentioned predict" says nothing)
GENERIC = frozenset(
    [
        "predict",
        "prediction",
        "classify",
        "classification",
        "rank",
        "ranking",
        "recommend",
        "model",
        "models",
        "train",
        "training",
        "serve",
        "serving",
        "deploy",
        "monitor",
        "measure",
        "improve",
        "optimise",
        "optimize",
        "data",
        "features",
        "users",
        "user",
        "metric",
        "metrics",
        "goal",
        "session",
        "success",  # kinds of point, not points: "You mentioned success and assume"
        "assume",
        "assumption",
        "objective",
        "restate",
        "why",
        "target",  # the parts of a framing: 'Noted: "target".' after "source in, target out"
        "input",
        "inputs",
        "output",
        "outputs",
        "binary",  # modifiers: "You mentioned binary" names no point
        "online",
        "offline",
    ]
)


def last_answer(ctx: TurnContext) -> str:
    return ctx.answers[-1] if ctx.answers else ""


def stuck(ctx: TurnContext) -> bool:
    answer = last_answer(ctx)
    return bool(_STUCK.search(answer)) and len(answer.split()) < STUCK_WORDS


def terse(ctx: TurnContext) -> bool:
    return 0 < len(last_answer(ctx).split()) < TERSE_WORDS and not stuck(ctx)


_VOCABULARIES: dict[int, frozenset[str]] = {}
_NOTE_WORDS: dict[int, list[frozenset[str]]] = {}


def _note_words(knowledge: Knowledge) -> list[frozenset[str]]:
    """Each note's words, read once per knowledge base."""
    if id(knowledge) not in _NOTE_WORDS:
        _NOTE_WORDS[id(knowledge)] = [
            frozenset(tokens(" ".join(note.sections.values()))) for note in knowledge.notes.values()
        ]
    return _NOTE_WORDS[id(knowledge)]


def _vocabulary(knowledge: Knowledge) -> frozenset[str]:
    """Every word the knowledge base uses: a terse answer with none of them is noise."""
    if id(knowledge) not in _VOCABULARIES:
        checklists = [
            f"{item.text} {' '.join(item.keywords)}"
            for spec in knowledge.stages.values()
            for item in spec.checklist
        ]
        _VOCABULARIES[id(knowledge)] = frozenset().union(
            *_note_words(knowledge), *(tokens(t) for t in checklists)
        )
    return _VOCABULARIES[id(knowledge)]


def noise(ctx: TurnContext) -> bool:
    """A terse answer in none of the field's words ("asdf qwer")."""
    return terse(ctx) and not set(tokens(last_answer(ctx))) & _vocabulary(ctx.knowledge)


def question_on_the_table(ctx: TurnContext) -> str:
    """The last question the interviewer asked in this stage."""
    asked = [t["text"] for t in ctx.stage_turns if t.get("kind") in QUESTION_KINDS]
    if not asked:
        return ""
    questions = [s for s in sentences(asked[-1]) if s.endswith("?")]
    return questions[-1] if questions else asked[-1]


def said_back(ctx: TurnContext) -> list[str]:
    """The stage's cue words and the question's key points the last answer uses, as the
    candidate wrote them, in the order written. Only its statements count: a word inside a
    clarifying question ("how many sellers are on the platform?") is asked, not said, and
    filler makes no point to name back ('You brought up "value-driven"' after a pitch)."""
    statements = [s for s in sentences(last_answer(ctx)) if not s.endswith("?")]
    empty = ctx.heard.filler(statements) if ctx.heard is not None else set()
    answer = " ".join(s for s in statements if s not in empty)
    phrases = [k for item in ctx.checklist for k in item.keywords]
    if ctx.question is not None:
        phrases += ctx.question.stages[ctx.state["stage"]].key_points
    found = {}
    for phrase in phrases:
        if (
            len(phrase) > 2
            and phrase.lower() not in GENERIC
            and (at := _as_written(answer, phrase))
        ):
            found.setdefault(at.start(), at.group(0))
    picked = [found[at] for at in sorted(found)]
    picked = [p for p in picked if not any(p != q and p.lower() in q.lower() for q in picked)]
    # the most specific first ("leakage" over "text" and "counts"), named in the order written;
    # a word half the notes use names no point of the candidate's
    spread = _spread(ctx.knowledge)
    specific = sorted((p for p in picked if spread(p) <= COMMON), key=spread)[:NAMED]
    return [p for p in picked if p in specific]


def _spread(knowledge: Knowledge):
    """The share of the knowledge's notes that use every word of a phrase."""
    notes = _note_words(knowledge)

    def share(phrase: str) -> float:
        words = tokens(phrase)
        return sum(all(w in note for w in words) for note in notes) / max(1, len(notes))

    return share


# a number, its scale word and at most three words between it and a rate ("per day")
_QUANTITY = r"(?<![\w.,])\d[\d,.]*\s*(?:[kmb]\b|thousand|million|billion)?(?:[\s-]+[a-z]+){0,3}\s+"


def _as_written(answer: str, phrase: str) -> re.Match | None:
    """The phrase as whole words, in the candidate's own spelling and with the whole
    hyphenated word ("PR-AUC" for "pr auc", "multi-label" for "label"); never part of a word
    ("harm" is not in "harmful"), nor a heading ("My framing:", "Output:" label what follows;
    'You mentioned "framing" and "Output"' names no point). A rate ("per day") is named with
    the quantity it qualifies ("2 million new ones per day"), or not at all: 'Noted: "per
    day"' names no point."""
    pattern = r"[\s\-_/]+".join(re.escape(w) for w in phrase.split())
    before = _QUANTITY if phrase.lower().startswith("per ") else r"(?<![\w-])(?:\w+-)*"
    found = re.finditer(rf"{before}{pattern}(?:-\w+)*(?!\w)", answer, re.IGNORECASE)
    return next((at for at in found if not answer[at.end() :].lstrip().startswith(":")), None)


def lead_in(ctx: TurnContext, question: str = "") -> str:
    """What precedes the next question: a fresh angle after a stall, else the points just
    made named back, else nothing (no "Okay." that could follow anything). Points the next
    question does not touch are named as left behind: 'You mentioned "LambdaMART". How would
    you split the data?' read as if the split were about LambdaMART."""
    if stuck(ctx):
        return _pick(ctx, "acknowledge_stuck")
    if noise(ctx):
        return _pick(ctx, "acknowledge_unclear")
    named = said_back(ctx)
    if not named:
        return ""
    # quoted, since a cue word alone may not read as a phrase ("You mentioned label.")
    said = " and ".join(f'"{p}"' for p in named)
    asks = set(tokens(question))
    on_it = not question or any(w in asks for p in named for w in tokens(p))
    if on_it:
        return lines()["acknowledge_said"].format(said=said)
    return _pick(ctx, "acknowledge_turning").format(said=said)


def _pick(ctx: TurnContext, kind: str) -> str:
    options = lines()[kind]
    return options[len(ctx.state.get("turns", [])) % len(options)]


def with_lead_in(ctx: TurnContext, question: str) -> str:
    """The question, or the part of it still open, after its lead-in. An open part ("Why that
    one rather than ...?" once the online metric was named) is about what was just said: the
    lead-in names it back as the subject, not as a point left behind."""
    open_part = ctx.left_to_ask(question)
    lead = lead_in(ctx, "" if open_part != question else question)
    return f"{lead} {open_part}" if lead else open_part
