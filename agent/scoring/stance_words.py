"""The English words the stance rules read (stance.py): negations, contrasts, warnings,
verdicts and hedges. Language-level, never specific to a flag or a question."""

from agent.scoring.clauses import word_set as _set

# "I'd reject a huge vision transformer as the starting point" (measured on the dev sets and
# the flag-sentence files: no mistake read as rejected by it)
NEGATORS = _set(
    "not never cannot nor neither avoid avoids avoided avoiding beware resist refuse "
    "reject rejects rejected rejecting"
)
NP_NEGATORS, NP_REACH = _set("no without against"), 3  # "without a random split"
WIDE_NO = _set("need point reason way longer")  # "no need to shuffle" reaches the clause's end
NOT_NEGATING = _set("matter doubt")  # "no doubt"; "X doesn't matter" dismisses the fix, not X
# "against" opposes only after a word of opposing ("we decided against shuffling", "I'm
# against it"); elsewhere it compares or tests ("scores it against all 50 million questions")
OPPOSING = _set(
    "decide decided decides argue argued argues advise advised recommend vote m am is are be strongly firmly"
)
# "rather than shuffling", "more than clicks", "10x lower than training from scratch", "a linear
# probe vs training from scratch": what follows is set aside or is the yardstick, not the
# choice ("more than 50%" is a quantity; see _rejected)
CONTRASTS = (
    "instead of", "than", "unlike", "as opposed to", "vs", "versus", "compared with", "compared to",
    "regardless of", "irrespective of",
)  # fmt: skip
FRAMES = _set(  # before a cue: "the trap is to shuffle", "a common mistake is accuracy"
    "trap traps pitfall pitfalls mistake mistakes mistaken wrong naive naively tempting "
    "temptation error errors fallacy myth misconception antipattern careful danger dangerous "
    "risky worst leakage"  # "Leakage: anything from the current state ..." names the fault
)
METRIC_NOUNS = _set("rate rates analysis bars budget budgets")  # "error rate", "error analysis"
VERDICTS = _set(  # after a cue: "accuracy is misleading", "a random split would leak"
    "misleading misleads mislead meaningless useless pointless worthless wrong bad flawed broken "
    "biased leak leaks leaking leaked inflate inflates inflated overstate overstates overstated "
    "optimistic hide hides trap pitfall mistake dangerous risky naive impossible infeasible "
    "unrealistic unreliable invalid cheating breaks fails ignores misses overlooks "
    "blow blows overfit overfits memorise memorises memorize memorizes wastes wasted lost locks "
    "assumes"  # "top-1 accuracy assumes there is one correct category"
)  # "calling an LLM on every keystroke blows the budget", "... memorises them in a few epochs"
TOO = _set("slow expensive costly late noisy heavy big risky")  # "too slow"
GOOD = _set(  # denied after a cue: "doesn't work", "is what we must not do", "isn't enough"
    "work works enough option valid reliable representative realistic right appropriate "
    "acceptable safe trust trusted reflect reflects hold holds generalise generalize scale "
    "scales tell tells mean means fit fits meet help helps capture measure possible feasible "
    "affordable good useful meaningful fair sensible viable practical only do want"
)
PRAISE = _set("fine ok okay good great enough work works simpler easier cleaner sufficient")
ANAPHORS = _set("that this it which doing both")  # "..., but that leaks"; not "..., if it"
POINTERS = _set("it this that")  # a segment's subject pointing back at the one before
OURS = _set("my our")
MODALS = _set("would could might")
CONCESSIVE = _set("although though granted")
INQUIRY = _set(
    "think consider wonder ask check verify investigate find see clarify confirm explore"
)
WONDERS, INQUIRY_REACH = _set("how whether what which why"), 3  # "think about how", "see whether"
HEDGES = _set("could might may tempting")  # "we could X, but ..." proposes and retracts
# before a cue's word, what narrows it to a considered variant: "meaningful engagement",
# "quality clicks" are not the raw quantity a flag warns about
QUALIFIED = _set("meaningful quality healthy valuable qualified satisfying")
