"""BM25 over the same chunks the vector store holds: the exact-term half of hybrid search.

MiniLM matches paraphrases well but misses rare exact terms a candidate uses (NDCG, BLEU,
Viterbi, log loss), and Chroma's own sparse search is not available in embedded mode. A small
in-memory BM25 (Robertson/Sparck Jones, k1=1.2, b=0.75) over a few thousand chunks costs a few
milliseconds per query; search.py fuses its ranking with the dense one.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable

K1, B = 1.2, 0.75
_WORD = re.compile(r"[a-z0-9]+")
_STOP = """
a about all also an and any are as at be because been but by can could did do does for from
had has have how i if in into is it its just like may me might more most my no not of on or
our so some such than that the their them then there these they this those to up us was we
were what when where which while who will with would you your d ll m re s t ve
"""  # the last few are what the word pattern leaves of i'd, we'll, i'm, it's, don't, we've
STOPWORDS = frozenset(_STOP.split())


def tokens(text: str) -> list[str]:
    """Lower-case words and numbers, stop words dropped."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


class BM25:
    """An inverted index over `docs` (id -> text), ranking ids for a query."""

    def __init__(self, docs: dict[str, str]):
        self.ids = list(docs)
        self.lengths: list[int] = []
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, text in enumerate(docs.values()):
            words = tokens(text)
            self.lengths.append(len(words))
            for word, count in Counter(words).items():
                self.postings[word].append((index, count))
        self.average = sum(self.lengths) / max(1, len(self.lengths))

    def idf(self, word: str) -> float:
        n, df = len(self.ids), len(self.postings.get(word, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def rank(self, query: str, n: int, keep: Callable[[str], bool] = lambda _: True) -> list[str]:
        """The ids of the `n` best-scoring chunks that `keep` accepts (score > 0), best first."""
        scores: dict[int, float] = defaultdict(float)
        for word in set(tokens(query)):
            idf = self.idf(word)
            for index, count in self.postings.get(word, ()):
                norm = K1 * (1 - B + B * self.lengths[index] / self.average)
                scores[index] += idf * count * (K1 + 1) / (count + norm)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], self.ids[item[0]]))
        return [self.ids[i] for i, _ in ranked if keep(self.ids[i])][:n]
