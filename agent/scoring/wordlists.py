"""The English word lists the lexical graders read with (agent/scoring/text.py): function
words, connectives of reason and trade-off, signposts, asides to the grader, number words and
suffixes. Language-level, never specific to a question."""

# The most frequent English function words: ordinary prose, however informal, is roughly 40%
# these; keyboard mashing, filler Latin and symbol noise contain almost none.
FUNCTION_WORDS = frozenset(
    [
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does",
        "each", "for", "from", "had", "has", "have", "he", "her", "here", "his", "how", "i",
        "i'd", "i'll", "i'm", "if", "in", "into", "is", "it", "it's", "its", "just", "like",
        "many", "may", "me", "might", "more", "most", "my", "no", "not", "now", "of", "on",
        "once", "one", "only", "or", "other", "our", "out", "over", "so", "some", "such",
        "than", "that", "that's", "the", "their", "them", "then", "there", "these", "they",
        "this", "those", "through", "to", "too", "under", "up", "us", "very", "was", "we",
        "we'd", "we'll", "were", "what", "when", "where", "which", "while", "who", "why",
        "will", "with", "would", "you", "your",
    ]
)  # fmt: skip

# Connectives that state a reason, a purpose, a consequence or a condition: a sentence with one
# explains something instead of naming it. A bare "why" only announces one ("let me explain why").
REASON_MARKERS = (
    "because", "since", "so", "so that", "therefore", "which means", "otherwise", "or else",
    "in order to", "to avoid", "to keep", "to make", "due to", "if", "unless", "that's why",
    "that is why", "this is why", "the reason", "that way", "thus", "hence", "as long as",
    "which is why",
)  # fmt: skip

# Markers of a stated trade-off or a compared alternative.
TRADE_OFF_MARKERS = (
    "but", "however", "versus", "vs", "trade off", "tradeoff", "rather than", "instead of",
    "at the cost of", "on the other hand", "downside", "the cost", "cheaper", "more expensive",
    "whereas", "although", "alternatively", "compared to", "compared with",
)  # fmt: skip

# Signposts: the candidate announces or summarises the structure of an answer.
STRUCTURE_MARKERS = (
    "first", "firstly", "second", "secondly", "finally", "overall", "in short", "in summary",
    "to summarise", "to summarize", "two things", "three things", "step one", "start with",
    "start by", "to recap",
)  # fmt: skip

# Text aimed at whoever grades the transcript, not at a design: such a sentence is not an answer
# and earns nothing from the deterministic graders. Phrases said only to a grader count alone;
# a grading word counts only beside words that address this interview, since a design uses
# them too ("a GBDT scorer", "raters follow a rubric", "an essay grading system").
GRADER_ONLY = (
    "previous instructions", "system message", "system prompt", "strong hire", "no hire",
    "hiring committee", "give me a 4", "score to 4", "scores to 4", "every stage score",
    "4 for every stage", "4 for this stage", "score every stage", "4 out of 4", "maximum score of 4",
    "full marks",
)  # fmt: skip
GRADING_WORDS = (
    "grader", "graders", "grading", "scorer", "scorers", "rubric", "evaluator",
    "evaluation model",
)  # fmt: skip
ADDRESSING = (
    "transcript", "this candidate", "this answer", "my answer", "this interview", "you re",
    "you are", "if you", "note to", "instruction", "instructions", "ignore", "disregard",
    "record it", "give this", "give me", "a 4", "stage score", "overall score", "every stage",
)  # fmt: skip

# Quantities said in words ("a few hundred thousand per second") are numbers too.
NUMBER_WORDS = (
    "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
    "billions", "dozen", "dozens", "half", "double", "twice", "tenth", "percent", "ten",
    "twenty", "thirty", "fifty",
)  # fmt: skip

# Endings stem() strips, longest first.
SUFFIXES = (
    "ations", "ation", "ities", "ings", "ions", "ated", "ates", "ity", "ing", "ion", "ies",
    "ers", "ate", "ed", "es", "er", "ly", "s",
)  # fmt: skip

# Truisms about ML systems in general ("Input validation is always important"; "Logging is key
# to any ML system"): with nothing that ties it to this system (SPECIFIC, or a number) such a
# sentence decides nothing, however on-topic its words; padding is made of them.
TRUISMS = (
    "always important", "is always", "are always", "always a good", "is crucial", "are crucial",
    "is critical", "is key", "are key", "key to", "is essential", "are essential",
    "best practice", "best practices", "good practice", "good default", "general principle",
    "rule of thumb", "as a rule", "in any", "for any", "any other", "as always", "in general",
    "generally speaking", "it's good to", "it is good to", "it's important to",
    "it is important to", "matters a lot", "among the most", "can't be overstated",
    "cannot be overstated", "goes a long way", "is a must", "never hurts", "any production",
    "every production", "any ml", "every ml", "any machine learning", "every machine learning",
    "ml systems", "ml teams", "an ml team", "ml projects", "an ml project", "often overlooked",
    # universals: "Simple solutions get you most of the way", "In real-time systems, every
    # millisecond counts"
    "everywhere", "every millisecond",
    "any single", "most industries", "most of the way", "half the battle", "a team can",
    "one of the best", "one of the most", "more than anything", "real-time systems",
    "production ml", "production systems",
    # platitudes and credos: "I'm a big believer in starting simple", "At the end of the day
    # it's all about the customer", "a lot of successful systems started this way"
    "big believer", "at the end of the day", "a lot of successful", "that kind of thing",
    "solid foundation", "you can't improve what you don't measure",
)  # fmt: skip
# Habits ("Latency constraints always drive architecture"): general talk, unless the sentence
# reasons from the habit to this system ("Monitor the score daily, since a jump usually means a
# new attack") or states this system's goal ("The goal is ..., since a false decline often
# loses the customer").
HABITS = ("always", "often", "usually", "typically", "mostly")
# Verdicts on a practice ("Good experiment tracking helps a lot."; "Choosing a loss that matches
# the output is generally a good idea."): general talk on the same terms as a habit
VERDICTS = (
    "a good idea", "helps a lot", "help a lot", "a common challenge",
    "generally important", "is generally", "are generally", "worth doing",
)  # fmt: skip
REASONED = (
    "because", "since", "so", "so that", "which means", "which is why", "the goal",
    "the business goal",
)  # fmt: skip
# a decision for this system: what we do or I would do, here (habits, "I always ...", are not)
SPECIFIC = ("i'd", "i'll", "we", "we'd", "we'll", "we're", "our", "here", "this system")

# Openers that say again what the candidate just said ("Put another way, ..."; "So, to
# recap: ..."): after the point itself they add no point, so they earn nothing a second time.
RESTATEMENTS = (
    "in other words", "put another way", "put differently", "said another way",
    "said differently", "to put it another way", "to put it differently", "to restate",
    "restating", "to recap", "recapping", "to sum up", "summing up", "to summarise",
    "to summarize", "in summary", "in short", "in a nutshell", "put simply", "simply put",
    "to put it simply", "to reiterate", "in plain terms", "in plain english", "that is to say",
    "long story short", "as i said", "as i mentioned", "like i said", "to say it another way",
    "to say it differently", "to rephrase", "rephrasing", "summarising", "summarizing",
    "said more simply", "said simply", "put more simply", "more simply put", "my point is",
    "what i'm really saying", "what i'm saying is",
)  # fmt: skip
# "To put that trade-off another way, ...": the words between "put" and the way vary
RESTATED_PUT = r"^to put (?:it|that|this|these|those)(?: \w+){0,2} (?:another way|differently|simply|more simply|plainly)\b"
# The interviewer's own facts said back ("So, restating what you told me: 2 million a day"):
# anywhere in an answer, they are the interviewer's numbers, not the candidate's reasoning.
ECHOES = ("what you told me", "what you said", "what you've told me", "as you said",
          "as you mentioned", "you just told me", "you just said")  # fmt: skip

# A story from the candidate's past ("I remember at my last job we ..."): it shows experience,
# but decides nothing for this system unless it says what to do here (FORWARD).
ANECDOTES = (
    "i remember", "i recall", "i once", "i've worked", "i have worked", "i worked", "i used to",
    "when i was at", "while i was at", "while i was there", "at a previous job",
    "at my previous", "at my last", "at a previous company", "at a former", "my former",
    "a former colleague", "a former manager", "years ago", "back then", "in my career",
    "brings back memories", "reminds me of",
)  # fmt: skip
FORWARD = ("i'd", "i'll", "i would", "i will", "we'd", "we'll", "we would", "we will",
           "let's", "here", "this system")  # fmt: skip

# Talk that decides nothing for this system (filler.offhand): a wish ("Someday it might be fun to
# try reinforcement learning") or a survey of the options others use ("There are other options
# too, people use all sorts of things"). Wishes are never decisions; plans "further out" are,
# when they say what we will do (DECIDES).
WISHES = ("would be fun", "could be fun", "might be fun", "be fun to", "would be nice",
          "would be cool", "could be cool", "might be cool", "be interesting to",
          "might be interesting", "might be an interesting", "would be interesting", "someday",
          "in the far future", "far-off", "wish list", "wish-list", "wishful", "i'd love to",
          "if there's ever time", "not proposing", "wouldn't commit", "would not commit",
          "just a thought", "who knows", "more than a plan")  # fmt: skip
LATER = ("further out", "down the road", "longer term", "at some point", "one of these days")
SURVEYS = ("there are other", "there are also other", "all sorts of things", "all kinds of things",
           "all sorts of other", "all kinds of other", "lots of other", "plenty of other",
           "many options", "lots of different ways", "endless possibilities", "no shortage of",
           "active area", "crowded space", "their fans", "their favourite", "their favorite",
           "conventions vary", "no single right way", "people write papers", "people argue",
           "people talk about", "everyone does it", "people also talk about", "people mention",
           "people also mention", "people reach for", "when people talk", "the usual names",
           "a whole literature", "are all common")  # fmt: skip
# Talk about the answer rather than the system (filler.about_the_answer): announcing what comes
# next ("And retraining, let me think about the cadence"), saying back what was asked ("Now
# you're asking about online measurement"), or doubting one's own answer ("I may be missing a
# guardrail or two"). It names a point without making it.
ANNOUNCES = ("let me think about", "let me think through", "let me structure", "let me go through",
             "let me walk through", "let me walk you through", "let me describe",
             "let me explain", "let me talk about", "let me now", "let me turn to",
             "i'll stop there", "i will stop there", "you're asking", "you are asking",
             "you asked about", "you asked how", "the question is whether")  # fmt: skip
SELF_DOUBT = ("i may be missing", "i might be missing", "i could be missing", "from memory",
              "wouldn't swear", "would not swear", "not committed to", "haven't considered",
              "have not considered", "there may be better", "there might be better",
              "just my first guess", "i could be wrong", "i might be wrong")  # fmt: skip
# Vocabulary that sells an answer instead of making it ("a pragmatic, value-driven, cloud-first
# launch"): two or more in a sentence with no number of its own is a pitch (filler.pitch).
# Compounds such as "cloud-first" or "data-driven" are matched by their endings (PITCH_ENDINGS).
PITCH = ("agile", "pragmatic", "scalable", "robust", "resilient", "modern", "intelligent",
         "seamless", "holistic", "cutting-edge", "next-generation", "best-in-class",
         "world-class", "hyper-growth", "state-of-the-art", "innovative", "smart", "mindset",
         "journey", "ecosystem", "synergy", "unlocking", "empowering", "leveraging",
         "game-changer", "transformative", "frictionless", "delightful", "future-proof")  # fmt: skip
PITCH_ENDINGS = ("first", "driven", "native", "proof", "centric", "powered", "optimised",
                 "optimized", "grade")  # fmt: skip
# FORWARD without its place words: "people use all sorts of things here" decides nothing
DECIDES = tuple(w for w in FORWARD if w not in ("here", "this system")) + (
    "i'm going to", "we're going to", "we use", "we chose", "i chose")  # fmt: skip
