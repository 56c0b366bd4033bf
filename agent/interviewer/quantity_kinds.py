"""Does a fact give the kind of quantity a clarifying question asks for?

The matcher reads "what fraction of ads are clicked?" close to the scale fact, and "what's the
current save rate?" close to "50 million visual searches per day": a share, a rate, an amount of
money, a growth, how late an event arrives or how long something lasts is answered only by a
fact that gives one.
"""

from __future__ import annotations

import re

_SHARE_ASKED = re.compile(
    r"\b(?:fraction|percent(?:age)?|proportion|share of|what share)\b|\bwhat %", re.I
)
_SHARE_GIVEN = re.compile(
    r"\d\s*%|\bpercent\b|\b1 in \d|\b(?:half|third|quarter|majority)\b|\btimes (?:rarer|more)\b",
    re.I,
)


# "what's the base click rate?", "query rate at peak?": a rate is a share or a frequency.
# Only a question asking for its value counts ("is our rate of wrongful takedowns public?"
# asks something else), and never the verb ("what would it cost to have people rate pairs?")
_RATE_ASKED = re.compile(
    r"^(?:\W*\w+\W+){0,3}?(?:what|how (?:high|low))\b.*(?:(?<!\bto )\brates?\b(?!\s+limit)|\bctr\b)",
    re.I,
)
_FREQUENCY_GIVEN = re.compile(
    r"\b(?:per|a|each|every)\s+(?:second|minute|hour|day|week|month|year)\b|\bdaily\b|\bqps\b",
    re.I,
)


# "what's the current save rate?", "the click-through rate?": a rate named by what a person
# does is a share of the times they could have, so a frequency ("50 million searches per day")
# does not answer it; "query rate" or "request rate" may be either
_EVENT_RATE = re.compile(
    r"\b(?:click|click-through|through|save|engagement|conversion|acceptance|accept|churn|"
    r"install|open|reply|completion|retention|bounce|abandonment|approval|decline|dispute|"
    r"chargeback|appeal|skip|like|share|purchase|booking|return|signup|sign-up|opt-in|"
    r"opt-out|unsubscribe|report|dismissal|error|fraud|spam|violation)\s+rates?\b|\bctr\b",
    re.I,
)


def gives_rate(question: str, fact: str) -> bool:
    """False when the question asks for a rate and the fact gives neither a share nor a
    frequency ("10-15 ms per request" is neither), or asks for the rate of something people do
    and the fact gives no share."""
    if not _RATE_ASKED.search(question):
        return True
    if _EVENT_RATE.search(question):
        return bool(_SHARE_GIVEN.search(fact))
    return bool(_SHARE_GIVEN.search(fact) or _FREQUENCY_GIVEN.search(fact))


# A question asking for money ("what does one review cost us, in dollars?") is answered only
# by a fact about money, and one asking for growth ("year-over-year growth in requests?") only
# by a fact about growth: the scale fact's counts are neither. Two words do not ask for money:
# "budget", asked of time as often as of money ("the ranker's budget at p99"), and a "cost"
# that is harm ("are errors symmetric in cost?").
_MONEY_ASKED = re.compile(
    r"\$|\b(?:dollars?|euros?|price|fees?|spend|paid|pay)\b|\bcosts? (?:us|the company)\b", re.I
)
_MONEY_GIVEN = re.compile(
    r"\$|\b(?:dollars?|euros?|costs?|price|prices|fees?|spend|budget|revenue|paid|pays?)\b", re.I
)
_GROWTH_ASKED = re.compile(r"\b(?:growth|growing|year[- ]over[- ]year|yoy)\b", re.I)
_GROWTH_GIVEN = re.compile(r"\b(?:grow\w*|increas\w*|rising|doubl\w*)\b", re.I)
# "how long until a disputed payment comes back?" asks how late an event arrives, in minutes to
# months: a response time in milliseconds does not answer it
_DELAY_ASKED = re.compile(
    r"\bhow (?:long|late|soon)\b.*\b(?:until|arrives?|comes? back|credited|learn|known|"
    r"matures?|turns? up)\b",
    re.I,
)
_DELAY_GIVEN = re.compile(r"\b(?:minutes?|hours?|days?|weeks?|months?|years?|daily|hourly)\b", re.I)
# "How long do we keep the click logs?", "how long is a typical video?": a question that asks
# how long (not "do we log how long people stay?", a yes or no) is answered only by a fact
# that gives a time or a length; "5,000 more queries per week" gives a frequency, not one.
# A long tail is a share, not a length.
_DURATION_ASKED = re.compile(
    r"(?:^|[:,]\s*)(?:and |so |but )?how (?:long|soon|late)\b(?! is the tail)", re.I
)
_DURATION_GIVEN = re.compile(
    r"(?<!\bper )(?<!\beach )(?<!\bevery )\b(?:ms|milliseconds?|seconds?|minutes?|hours?|"
    r"days?|weeks?|months?|years?|hourly|daily|tokens?|words?|characters?)\b",
    re.I,
)
# "What's the median time, not the p99?": a question naming a statistic is answered by a fact
# giving that statistic, not by one giving only another ("p99 under 200 ms"). A fact naming no
# statistic ("CTR is about 1%") may still answer "what's the average CTR?". What follows "not"
# or "rather than" is the statistic the candidate does not want.
_STATISTICS = {
    "median": re.compile(r"\bmedian\b|\bp50\b|\b50th percentile\b", re.I),
    "mean": re.compile(
        r"\b(?:the|a) mean\b|\bmean (?:number|time|size|length|value)\b|"
        r"\baverages?\b|\bon average\b",
        re.I,
    ),
    "tail": re.compile(r"\bp9\d+\b|\b9\d(?:\.\d+)?(?:th)? percentile\b|\btail\b", re.I),
}
_NOT_WANTED = re.compile(r"\b(?:not|rather than|instead of|as opposed to)\b.*", re.I)


def _statistics(text: str) -> set[str]:
    return {name for name, said in _STATISTICS.items() if said.search(text)}


def gives_statistic(question: str, fact: str) -> bool:
    """False when the question names a statistic and the fact gives only others."""
    asked = _statistics(_NOT_WANTED.sub("", question))
    given = _statistics(fact)
    return not (asked and given and not asked & given)


# "How well do raters agree with each other?" asks how noisy labels are; a count of raters or
# a labelling budget does not say
_AGREEMENT = re.compile(
    r"\bagree(?:s|d)? with (?:each other|one another)\b|\bagreement\b|\bkappa\b|"
    r"\binter-?(?:rater|annotator)\b",
    re.I,
)
_KINDS = (
    (_AGREEMENT, _AGREEMENT),
    (_SHARE_ASKED, _SHARE_GIVEN),
    (_MONEY_ASKED, _MONEY_GIVEN),
    (_GROWTH_ASKED, _GROWTH_GIVEN),
    (_DELAY_ASKED, _DELAY_GIVEN),
    (_DURATION_ASKED, _DURATION_GIVEN),
)


def gives_kind_asked(question: str, fact: str) -> bool:
    """False when the question asks for a share, money, growth, a delay, a duration, rater
    agreement, a statistic or a rate and the fact gives none of that kind."""
    if any(asked.search(question) and not given.search(fact) for asked, given in _KINDS):
        return False
    if not gives_statistic(question, fact):
        return False
    return gives_rate(question, fact)
