"""A trained classifier for the relations between two actors of one sentence that no pattern read.

    classifier = RelationClassifier.load()          # the weights in data/models/relations.npz
    for guess in classifier.classify(view, ends):   # ends: the sentence's actors, states for countries
        guess.type, guess.source, guess.target, guess.probability

Each pair of actors named in a sentence becomes a bag of features: the dependency path between
the heads of their mentions (its labels and the lemmas on it), the words between them, their
kinds, their order and distance, and the trigger words ("leader", "member", "fight", "ally") on
the path. A multinomial logistic regression, trained by `training/relation_classifier.py` on
Re-DocRED and re3d (see data/models/README.md), gives each pair a probability for every class:
no relation, member_of or leads in either direction, hostile, allied. A pair's most likely relation
is kept when its probability passes that class's threshold, tuned with the weights and stored in
the same file (a class that was never right on held-out data has one above 1: it is never kept).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from faultlines.data import data_path
from faultlines.extract.context import SentenceView
from faultlines.resolve import LinkedMention

EXTRACTOR = "relations.classifier.v1"
MODEL = "models/relations.npz"
# ">" : the first actor named is the source; "<" : the second is.
CLASSES = ("none", "member_of>", "member_of<", "leads>", "leads<", "hostile", "allied")
MAX_ACTORS = 12  # per sentence: long lists of names are lists, not relations, and pairs grow as n²
MAX_PATH = 6  # dependency steps kept as one whole-path feature
MAX_BETWEEN = 10  # tokens between the two mentions kept as words


@dataclass(frozen=True)
class Guess:
    """A relation the classifier gives between two actors of a sentence, and its probability."""

    type: str
    source: LinkedMention
    target: LinkedMention
    probability: float


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2" if n == 2 else "3-5" if n <= 5 else "6-10" if n <= 10 else "11+"


def _tokens(view: SentenceView, m: LinkedMention) -> SpacySpan | None:
    return view.sentence.doc.char_span(m.start, m.end, alignment_mode="expand")


def _word(token: Token, inside: dict[int, str]) -> str:
    """A token as a feature word: a name stands for its kind, numbers are one word."""
    if token.i in inside:
        return f"<{inside[token.i]}>"
    if token.like_num:
        return "<num>"
    return token.lemma_.lower()


def pair_features(view: SentenceView, a: LinkedMention, b: LinkedMention, kinds: tuple[str, str],
                  triggers: dict[str, str], inside: dict[int, str]) -> list[str] | None:
    """The features of two actors named in a sentence, `a` named first; `kinds` are the kinds the
    two ends act as (a country's name as its state), `inside` the kind of each token in a name.
    None when the mentions share tokens."""
    sa, sb = _tokens(view, a), _tokens(view, b)
    if sa is None or sb is None or sa.end > sb.start:
        return None
    ka, kb = kinds
    f = [f"kinds={ka}|{kb}", f"ka={ka}", f"kb={kb}"]
    f += ["genA"] * a.generic + ["genB"] * b.generic
    # Words inside a name that are not the name ("Afghan President Ashraf Ghani", "ANC chairman").
    for tag, span in (("inA", sa), ("inB", sb)):
        f += [f"{tag}={t.lemma_.lower()}" for t in span if t.pos_ not in ("PROPN", "DET", "PUNCT")]
    doc = sa.doc
    between = doc[sa.end:sb.start]
    words = [_word(t, inside) for t in between]
    # Other names between count once each, not per token.
    squeezed = [w for i, w in enumerate(words) if not (i and w.startswith("<") and w == words[i - 1])]
    f.append(f"nbetween={_bucket(len(squeezed))}")
    if len(squeezed) <= MAX_BETWEEN:
        f += [f"bw={w}" for w in squeezed]
        if len(squeezed) <= 5:
            f.append("bseq=" + " ".join(squeezed))
            f.append(f"kinds_bseq={ka}|{kb}|" + " ".join(squeezed))
    sent = view.sentence
    f += [f"l1={_word(doc[sa.start - 1], inside)}" if sa.start > sent.start else "l1=<s>",
          f"r1={_word(doc[sb.end], inside)}" if sb.end < sent.end else "r1=</s>"]
    trig = {triggers[w] for w in squeezed if w in triggers} if len(squeezed) <= MAX_BETWEEN else set()
    f += [f"trigB={g}" for g in trig]
    path = _path(sa.root, sb.root, inside)
    if path is None:
        f.append("nopath")
    else:
        steps, lemmas = path
        f.append(f"plen={_bucket(len(steps))}")
        if len(steps) <= MAX_PATH:
            f.append("path=" + " ".join(steps))
            f.append(f"kinds_path={ka}|{kb}|" + " ".join(steps))
            f.append("pdeps=" + " ".join(s for s in steps if s[0] in "↑↓"))
        f += [f"plem={w}" for w in lemmas]
        on_path = {triggers[w] for w in lemmas if w in triggers}
        f += [f"trigP={g}" for g in on_path] + [f"kinds_trigP={ka}|{kb}|{g}" for g in on_path]
    return f


@dataclass(frozen=True)
class Pair:
    """Two actors of a sentence, `first` named first, each with the mention it acts as."""

    first: LinkedMention
    first_as: LinkedMention
    second: LinkedMention
    second_as: LinkedMention
    features: list[str]


def sentence_pairs(view: SentenceView, ends: list[tuple[LinkedMention, LinkedMention]],
                   triggers: dict[str, str]) -> list[Pair]:
    """Each pair of the (first MAX_ACTORS) actors of a sentence, with its features."""
    ends = ends[:MAX_ACTORS]
    inside: dict[int, str] = {}
    for named, acting in ends:
        span = _tokens(view, named)
        for t in span if span is not None else ():
            inside[t.i] = acting.kind
    out = []
    for i, (a, a_as) in enumerate(ends):
        for b, b_as in ends[i + 1:]:
            if a_as.entity_id == b_as.entity_id:
                continue
            features = pair_features(view, a, b, (a_as.kind, b_as.kind), triggers, inside)
            if features is not None:
                out.append(Pair(a, a_as, b, b_as, features))
    return out


def _path(h1: Token, h2: Token, inside: dict[int, str]) -> tuple[list[str], list[str]] | None:
    """The dependency path from one head to the other: its steps ('↑nsubj', a lemma, '↓dobj')
    and the lemmas of the words on it between the two ends."""
    up1 = [h1, *h1.ancestors]
    up2 = [h2, *h2.ancestors]
    at2 = {t.i: k for k, t in enumerate(up2)}
    k1 = next((k for k, t in enumerate(up1) if t.i in at2), None)
    if k1 is None:
        return None
    k2 = at2[up1[k1].i]
    top = up1[k1]
    steps = [f"↑{t.dep_}" for t in up1[:k1]]
    lemmas = [_word(t, inside) for t in (*up1[1:k1], *up2[1:k2])]
    if top.i not in (h1.i, h2.i):
        lemmas.append(_word(top, inside))
        steps.append(_word(top, inside))
    steps += [f"↓{t.dep_}" for t in reversed(up2[:k2])]
    return steps, lemmas


class RelationClassifier:
    """The weights of a multinomial logistic regression over pair features, loaded once."""

    def __init__(self, features: Sequence[str], weights: np.ndarray, bias: np.ndarray,
                 thresholds: Sequence[float], triggers: dict[str, str]):
        self.index = {f: i for i, f in enumerate(features)}
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.thresholds = np.asarray(thresholds, dtype=np.float32)  # per class; above 1: never kept
        self.triggers = triggers

    @classmethod
    def load(cls, path: Path | None = None) -> RelationClassifier | None:
        """The shipped weights, or None when the file is absent (the patterns work alone)."""
        path = path or data_path(MODEL)
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as z:
            if tuple(z["classes"]) != CLASSES:
                raise ValueError(f"{path.name} was trained for other classes: retrain it "
                                 "(training/relation_classifier.py)")
            meta = json.loads(str(z["meta"]))
            return cls(list(z["features"]), z["weights"], z["bias"], meta["thresholds"], meta["triggers"])

    def probabilities(self, features: list[list[str]]) -> np.ndarray:
        """One row of class probabilities per feature list."""
        out = np.tile(self.bias, (len(features), 1))
        for row, names in enumerate(features):
            ids = [self.index[n] for n in names if n in self.index]
            if ids:
                out[row] += self.weights[ids].sum(axis=0)
        out -= out.max(axis=1, keepdims=True)
        np.exp(out, out=out)
        return out / out.sum(axis=1, keepdims=True)

    def pairs(self, view: SentenceView, ends: list[tuple[LinkedMention, LinkedMention]]) -> list[Pair]:
        return sentence_pairs(view, ends, self.triggers)

    def classify(self, view: SentenceView, ends: list[tuple[LinkedMention, LinkedMention]]) -> list[Guess]:
        """The relations the classifier is sure enough of between a sentence's actors. `ends` are
        the actors in the order they are named: each mention, and the mention it acts as."""
        if not view.parsed or len(ends) < 2:
            return []
        pairs = self.pairs(view, ends)
        if not pairs:
            return []
        probs = self.probabilities([pair.features for pair in pairs])
        guesses = []
        for pair, p in zip(pairs, probs, strict=True):
            a, b = pair.first_as, pair.second_as
            best = int(p[1:].argmax()) + 1
            if p[best] < self.thresholds[best]:
                continue
            source, target = (b, a) if CLASSES[best].endswith("<") else (a, b)
            guesses.append(Guess(CLASSES[best].rstrip("<>"), source, target, float(p[best])))
        return guesses
