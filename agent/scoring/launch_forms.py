"""How a model reaches users, read from the form of the candidate's sentence rather than from a
list of ways to say it: two of the scaling note's red flags, whatever the product calls its
events and its parts.

- The unit an A/B test is randomised by: each event (a request, a call, an order, a chat) puts
  one person in both arms, so per-person outcomes cannot be attributed and the samples are not
  independent. The flag's cues name the events of the note's examples ("each request +
  randomly"); "each new order flips a coin" is found here by its form.
- A switch of everything at once ("switch all 800 stores over on the same night"): the flag's
  cues name whole phrases ("all stores + at once"), and a count in between ("all ten
  languages") or another moment ("the same night") escapes them.
"""

from __future__ import annotations

import re

from agent.red_flags import RedFlag
from agent.scoring.flag_hits import Hit

PER_REQUEST = "stage-scaling#2"  # "Randomising the A/B test per request instead of per user."
AT_ONCE = "stage-scaling#3"  # "Switching all traffic to a new model at once, with no canary ..."

_RANDOMISES = re.compile(
    r"\b(?:randomi[sz](?:e|es|ed|ing|ation)|flips? a coin|coin flip|flip a coin|"
    r"randomly (?:assign|route|send|split|pick|allocate)\w*|at random)\b",
    re.IGNORECASE,
)
_EVENTS = (
    r"requests?|quer(?:y|ies)|calls?|orders?|sessions?|page ?loads?|page ?views?|impressions?|"
    r"chats?|conversations?|quotes?|transactions?|searche?s?|messages?|visits?|commands?|"
    r"rides?|trips?|deliver(?:y|ies)|tickets?|uploads?|utterances?|checkouts?|bookings?|"
    r"purchases?|payments?|clicks?|plays?|listens?"
)
# "each new order", "per call", "at the order level", "chat-level randomisation"
_PER_EVENT = re.compile(
    rf"\b(?:(?:each|every|per)(?: \w+)? (?:{_EVENTS})\b|(?:{_EVENTS})[ -]level\b)",
    re.IGNORECASE,
)
_PEOPLE = (
    r"users?|customers?|subscribers?|accounts?|members?|households?|markets?|cit(?:y|ies)|"
    r"regions?|stores?|drivers?|riders?|advertisers?|sellers?|clusters?|people|persons?|agents?|"
    r"cohorts?|devices?|shoppers?|buyers?|hosts?|restaurants?|merchants?"
)
# a person-level unit said alongside ("by user, so each request of a user ...") is the unit;
# "every agent works in both conditions" names people, not the unit
_PER_PERSON = re.compile(
    rf"\b(?:(?:per|by|by the|by each)(?: \w+)? (?:{_PEOPLE})\b|each (?:{_PEOPLE})'s|"
    rf"(?:{_PEOPLE})(?: id)?[ -]level\b|(?:{_PEOPLE}) ids?\b|"
    rf"(?:randomi[sz]\w*|assign\w*|split\w*|bucket\w*) (?:the |our |all )?(?:{_PEOPLE})\b)",
    re.IGNORECASE,
)
# an experiment, not an exploration policy ("serve the top three at random per impression")
_EXPERIMENT = re.compile(
    r"\b(?:a/b|ab test|experiment|tests?|arms?|treatment|control|variants?|conditions|"
    r"old or (?:the )?new|new model|old model|model a|model b|champion|challenger)\b",
    re.IGNORECASE,
)
_NOT = re.compile(
    r"\b(?:not|never|no|don'?t|won'?t|wouldn'?t|instead of|rather than|avoid)\b", re.IGNORECASE
)


def per_event(sentence: str) -> bool:
    """The sentence randomises an experiment by an event, with no person-level unit in it."""
    return (
        bool(_RANDOMISES.search(sentence))
        and bool(_EXPERIMENT.search(sentence))
        and bool(_PER_EVENT.search(sentence))
        and not _PER_PERSON.search(sentence)
        and not _NOT.search(sentence)
    )


# "switch all 800 stores over on the same night", "move every market to it in one go"
_SWITCH = re.compile(
    r"\b(?:switch|move|flip|roll|push|deploy|cut|migrate|launch|turn|ship)\w*\b", re.IGNORECASE
)
_EVERYTHING = re.compile(r"\b(?:all|every|everyone|everybody|the whole|100 ?%)\b", re.IGNORECASE)
_AT_ONCE = re.compile(
    r"\b(?:at once|in one go|in one step|same (?:day|night|morning|week)|overnight|"
    r"on day one|all together|simultaneously|in a single (?:release|update|step|push))\b",
    re.IGNORECASE,
)
_STAGED = re.compile(
    r"\b(?:canary|ramp\w*|gradual\w*|staged|shadow|phased|percent|pilot|holdout|"
    r"roll ?back|\d+(?:\.\d+)? ?%(?<!100 %)(?<!100%))",
    re.IGNORECASE,
)


def all_at_once(sentence: str) -> bool:
    """The sentence switches everything over at one moment, with no staged step in it."""
    return (
        bool(_SWITCH.search(sentence))
        and bool(_EVERYTHING.search(sentence))
        and bool(_AT_ONCE.search(sentence))
        and not _STAGED.search(sentence)
        and not _NOT.search(sentence)
    )


SHORT_CORRECTION = 8  # words: "By rider, then." needs no experiment named again


def unit_named(sentence: str) -> bool:
    """A person-level unit named for the experiment ("by subscriber, then"; "we'd bucket by
    user"), not one said of something else ("alert per region" in a monitoring plan)."""
    if not _PER_PERSON.search(sentence):
        return False
    short = len(sentence.split()) <= SHORT_CORRECTION
    return short or bool(_RANDOMISES.search(sentence) or _EXPERIMENT.search(sentence))


def staged(sentence: str) -> bool:
    """A staged step of a rollout: a canary, a ramp, a shadow run, a share below 100%."""
    return bool(_STAGED.search(sentence))


# each flag read by form: the test on a sentence, and the test of a later sentence that
# corrects it ("by subscriber, then"; "after a 5% canary")
FORMS = {
    PER_REQUEST: (per_event, unit_named),
    AT_ONCE: (all_at_once, staged),
}


def read_by_form(said: list[str], pool: list[RedFlag], hits: list[Hit]) -> list[Hit]:
    """For each flag of FORMS judged in the stage (`pool`) and not among `hits` yet, the first
    sentence of its form that holds no finding yet and that no later sentence corrects."""
    found: list[Hit] = []
    for flag in pool:
        if flag.id not in FORMS or any(h.flag == flag for h in hits):
            continue
        reads, corrects = FORMS[flag.id]
        taken = {h.sentence for h in hits + found}
        for row, sentence in enumerate(said):
            if sentence in taken or not reads(sentence):
                continue
            if not any(corrects(later) for later in said[row + 1 :]):
                found.append(Hit(flag, sentence))
                break
    return found
