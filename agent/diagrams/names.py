"""The role a box's label names, read as a whiteboard label is written (docs/diagrams.md).

The label's main part (agent/diagrams/wording.py), before qualifiers (":", ",", " - ",
" + ", brackets, " in ", " with ", ...), is read first, then the label without brackets, then
the whole label; a camelCase label is read split too ("WhisperOnTriton" is "Whisper on
Triton"). Texts are folded (lower case, punctuation and a plural `s` dropped, abbreviations
written out: "txn" is "transaction").
1. Two readings come before any name. Results computed ahead ("Precomputed PYMK", "Redis:
   top 100 per user") are where they are kept: the design's store for them, or a cache. A
   comparison with a number ("score > 0.9?") is a threshold: the design's decision step, in
   a design that names one by `thresholds`.
2. A role's verb after a colon says what the box does, whatever runs it ("Airflow: re-embed"),
   and so does one after a slash that follows a model ("LambdaMART / fine-tune BERT").
3. A main part that is exactly a name takes its role, `bare` names included ("User").
4. A main part opening with a role's verb does that role's work ("Train ranker", "Log
   impressions"); a verb any role uses ("Compute features") leaves its object to be read.
5. Otherwise the names a text contains as whole words compete: the one ending last (the head
   noun: "Serving logs", "LTR training data"), then the longest. A role's `heads`, generic
   words ("Feed service", "Results page", "XGBoost ETA"), count only when nothing else is
   named ("Ranker service" is the ranker), the one ending last first; an event named before
   a model's head is what the model predicts ("Like probability model" is serving).
A head, a lone word modifying another ("Training labels": "training") or a name found only
outside the main part does not settle the box: a decisive similarity may overrule it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from agent.designs import Design
from agent.diagrams.wording import (
    compares,
    main_part,
    precomputed,
    split_camel,
    top_few,
    without_brackets,
)
from agent.vocabulary import folded

# verbs any box may open with: what follows says the role ("Compute features", "Fetch features")
PLAIN_VERBS = ("compute", "precompute", "build", "generate", "create", "fetch", "get",
               "look up", "lookup", "retrieve", "extract", "update", "refresh", "run", "apply",
               "store", "save", "write", "load")  # fmt: skip


# words saying where something is kept, after what is kept: "images in S3", "media bucket"
_WHERE = ("bucket", "table", "tables", "db", "database", "in", "on", "at")


class _Hit(NamedTuple):
    """A name found in a label, in the order names compete (the greatest wins)."""

    named: bool  # a name, not a generic head
    specific: bool  # of a role that is no store or engine: what runs beats where it runs
    settles: bool
    end: int  # where it ends: the head noun ends last
    words: int
    name: str


class Named(NamedTuple):
    role: str
    name: str  # the name, verb or head found, folded
    settles: bool  # False: a decisive similarity may overrule it


class Lexicon:
    """A design's names, heads and verbs, folded, ready to read labels with."""

    def __init__(self, design: Design):
        self.short = {folded(k): folded(v) for k, v in design.abbreviations.items()}
        self.names: dict[str, tuple[str, str]] = {}  # folded name -> (role id, kind)
        self.verbs: dict[str, str] = {}  # folded verb -> role id
        self.stores = {role.id for role in design.roles.values() if role.store}
        self.places = self.stores | {role.id for role in design.roles.values() if role.engine}
        # where precomputed results are kept: the design's own store for them, else a cache
        self.precomputed = (
            "recommendation-store" if "recommendation-store" in design.roles else "cache"
        )
        for role in design.roles.values():
            for kind, names in (("name", [role.name, *role.synonyms]), ("bare", role.bare),
                                ("head", role.heads)):  # fmt: skip
                self.names.update({self.fold(name): (role.id, kind) for name in names})
            self.verbs.update({folded(verb): role.id for verb in role.verbs})
        # storage that does not say what it keeps (a feature store does): "images in S3"
        self._kept_in = [n for n, (role, _) in self.names.items() if role == "data-warehouse"]
        self.holds = {self.fold(w): r.id for r in design.roles.values() for w in r.holds}
        self._verb_roles = {v.replace(" ", ""): (role, v) for v, role in self.verbs.items()}
        self._role_verb = _opening(self.verbs)
        self._plain_verb = _opening(map(folded, PLAIN_VERBS))

    def fold(self, text: str) -> str:
        return " ".join(self.short.get(word, word) for word in folded(text).split())

    def read(self, label: str) -> Named | None:
        if self._keeps_results(label):
            return Named(self.precomputed, "precomputed", True)
        if compares(label) and (threshold := self.names.get("threshold")):
            return Named(threshold[0], "threshold", True)  # the design's decision step
        labels = list(dict.fromkeys((label, split_camel(label))))
        for text in labels:  # after a colon, what the box does or holds beats where it runs
            if ":" in text and (found := self._after_colon(*text.split(":", 1))):
                return found
        for text in labels:  # "LambdaMART / fine-tune BERT": the model, and what is done to it
            model, slash, done = text.partition(" / ")
            if slash and (found := self._verb(done)) and self._is_model(model):
                return found
        mains = [main_part(text) for text in labels]
        for main in mains:
            if (whole := self.fold(main)) in self.names:
                return Named(self.names[whole][0], whole, True)
        for main in mains:
            if found := self._verb(main):
                return found
        objects = [self._plain_verb.sub("", main, count=1) for main in mains]  # "Compute features"
        for text in objects:
            if (whole := self.fold(text)) in self.names:
                return Named(self.names[whole][0], whole, True)
        texts = [*objects, *(without_brackets(text) for text in labels), *labels]
        for text in dict.fromkeys(texts):
            if found := self._contained(self.fold(text)):
                return found if text in objects else found._replace(settles=False)
        return None

    def _holder(self, form: str) -> Named | None:
        """The store a folded text says it keeps by a `holds` word that ends the text or is
        followed by where it is kept ("5b image", "pin image in s3", "post cassandra"), not by
        another noun ("post features" are features)."""
        words = form.split()
        for i, word in enumerate(words):
            after = " ".join(words[i + 1 :])
            if word in self.holds and (
                not after
                or after.split()[0] in _WHERE
                or any(f"{after} ".startswith(f"{name} ") for name in self._kept_in)
            ):
                return Named(self.holds[word], word, True)
        return None

    def _is_model(self, text: str) -> bool:
        named = self._contained(self.fold(text))
        return named is not None and named.role == "model-serving"

    def _keeps_results(self, label: str) -> bool:
        """ "Precomputed PYMK per member", or a store holding the top few ("Redis: top 100"),
        unless what is kept is named ("Precomputed features" are features)."""
        place, colon, rest = label.partition(":")
        if precomputed(label):
            kept = precomputed(rest if colon else label)
        elif colon and (where := self.names.get(self.fold(place))) and where[0] in self.stores:
            kept = top_few(rest)
        else:
            return False
        named = self.read(kept) if kept else None
        return bool(kept) and not (named and named.settles)

    def _after_colon(self, place: str, rest: str) -> Named | None:
        """ "Airflow: re-embed corpus" does the embedding. After exactly the name of a store,
        a role named is what it holds ("S3: training set", "Hive: connections"); after an
        engine's, the work it runs ("Spark: personalised PageRank"), unless that is data, the
        job's input ("Flink: new connections" is the stream job). After any other name,
        nothing: "Ranker: user features" is the ranker."""
        if found := self._verb(rest):
            return found
        where = self.names.get(self.fold(place))
        if where is None or where[0] not in self.places:
            return None
        kept = self.fold(without_brackets(main_part(rest.strip())))
        held = self._contained(kept)
        if held is None and where[0] == "data-warehouse":
            held = self._holder(kept)
        if held is None or held.role == where[0]:
            return None
        if where[0] in self.stores:
            return held if held.settles else None
        data = held.role in self.stores or held.role == "event-logging"  # a job's input
        return None if data else held._replace(settles=True)

    def _verb(self, text: str) -> Named | None:
        if not (opening := self._role_verb.match(text)):
            return None
        written = folded(opening[1])
        role, verb = self._verb_roles[written.replace(" ", "")]  # also "Reembed"
        said = f"{self.fold(text)} "
        if any(said.startswith(f"{name} ") and len(name) > len(written) for name in self.names):
            return None  # a name opening with the verb: "Label join" is training data
        return Named(role, verb, True)

    def _contained(self, form: str) -> Named | None:
        """The best name inside a folded text: a name before a head, then one that settles,
        then the one ending last, then the longest."""
        padded, hits = f" {form} ", []
        for name, (_, kind) in self.names.items():
            start = padded.rfind(f" {name} ")
            if start < 0 or kind == "bare":
                continue
            words, end = len(name.split()), start + len(name) + 2
            named = kind != "head"  # a head anywhere ("XGBoost ETA"), when nothing is named
            specific = named and self.names[name][0] not in self.places
            settles = named and (words > 1 or end == len(padded))
            hits.append(_Hit(named, specific, settles, end, words, name))
        if not hits:
            return None
        best = max(hits)
        role = self.names[best.name][0]
        roles = {hit.name: self.names[hit.name][0] for hit in hits}
        served = [h.name for h in hits if h.end == len(padded) and roles[h.name] == "backend"]
        if role == "client" and served:  # "Home feed service" serves the client
            return Named("backend", served[0], True)
        models = [h.name for h in hits if h.end == len(padded) and roles[h.name] == "model-serving"]
        if role == "event-logging" and models:  # what a model predicts: "Like probability model"
            return Named("model-serving", models[0], True)
        if role == "data-warehouse" and (holder := self._holder(form)):
            return holder  # the items, wherever they are kept: "Cosmos DB posts"
        kept = [h.name for h in hits if h.named and roles[h.name] == "data-warehouse"]
        if role == "event-logging" and kept:  # logs at rest: "S3 raw logs"
            return Named("data-warehouse", kept[0], True)
        # a name before the store or engine that runs it settles: "Xgb train Airflow"
        runs_it = any(h.named and not h.specific and h.end > best.end for h in hits)
        return Named(role, best.name, best.settles or (best.specific and runs_it))


def _opening(verbs: Iterable[str]) -> re.Pattern[str]:
    """A verb opening a text and followed by its object ("Fine-tune BERT", not "Log-mel")."""
    spelt = "|".join(re.escape(v).replace(r"\ ", r"[\s-]*") for v in sorted(verbs, key=len)[::-1])
    return re.compile(rf"\s*({spelt or '(?!)'})\s+(?=\w)", re.IGNORECASE)
