"""Score an analysis against the model an analyst wrote down for the same document.

    python -m faultlines.evaluate.expected tests/extract/expected/sample_000.yaml
    python -m faultlines.evaluate.expected tests/extract/expected/example_sudan.yaml

The expected model (YAML) lists, per category, the facts of the document with the words of the
sentence each comes from (`quote`). A fact found by faultlines matches an expected one when its
evidence contains the quote and every field the expected item gives is equal; fields left out are
not checked. Recall is the share of expected items matched; precision the share of found facts
(of those whose sentence has any expected item of the category) that match one.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faultlines.data import load_yaml
from faultlines.model import Analysis

REPO = Path(__file__).resolve().parent.parent.parent
CATEGORIES = ("relations", "events", "claims", "attributions", "causal_links")
_SYMMETRIC = {"hostile", "allied", "rival", "negotiates", "same_as"}


@dataclass
class Score:
    category: str
    expected: int = 0
    matched: int = 0
    found: int = 0
    correct: int = 0
    misses: list[dict] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).lower()


def _quoted(evidence_text: str, item: dict) -> bool:
    return _norm(str(item["quote"])) in _norm(evidence_text)


def _relation(fact, item) -> bool:
    ends = (fact.source if "source" in item else None, fact.target if "target" in item else None)
    want = (item.get("source"), item.get("target"))
    flipped = (fact.target if "source" in item else None, fact.source if "target" in item else None)
    same_ends = ends == want or (fact.type in _SYMMETRIC and flipped == want)
    return fact.type == item["type"] and same_ends and _fields(fact, item, ("modality", "attributed_to", "time"))


def _event(fact, item) -> bool:
    return (fact.type == item["type"] and set(item.get("actors", ())) <= set(fact.actors)
            and set(item.get("targets", ())) <= set(fact.targets)
            and _fields(fact, item, ("mode", "place", "date", "modality", "attributed_to", "fatalities")))


def _claim(fact, item) -> bool:
    value = {"low": fact.value.low, "high": fact.value.high, "approx": fact.value.approx}
    return (fact.attribute == item["attribute"] and ("subject" not in item or fact.subject == item["subject"])
            and all(value[k] == item[k] for k in ("low", "high", "approx") if k in item)
            and _fields(fact, item, ("as_of", "modality", "attributed_to", "unit")))


def _causal(fact, item) -> bool:
    return (fact.sign == str(item["sign"])
            and ("cause" not in item or fact.cause.entity == item["cause"])
            and ("effect" not in item or fact.effect.entity == item["effect"])
            and _fields(fact, item, ("modality", "attributed_to")))


def _attribution(fact, item) -> bool:
    return fact.attributed_to == item["attributed_to"]


def _fields(fact, item: dict, names: tuple[str, ...]) -> bool:
    return all(str(getattr(fact, n)) == str(item[n]) for n in names if n in item)


_MATCHERS = {"relations": _relation, "events": _event, "claims": _claim, "causal_links": _causal,
             "attributions": _attribution}


def _facts(analysis: Analysis, category: str) -> list[Any]:
    if category == "attributions":
        return [f for c in ("relations", "events", "claims", "causal_links") for f in getattr(analysis, c)
                if f.attributed_to is not None]
    return list(getattr(analysis, category))


def score(analysis: Analysis, expected: dict) -> dict[str, Score]:
    """Per category: how many expected facts were found, and how many found facts were expected."""
    scores = {}
    for category in CATEGORIES:
        items = expected.get(category) or []
        facts = _facts(analysis, category)
        match = _MATCHERS[category]
        result = Score(category, expected=len(items))
        for item in items:
            if any(_quoted(f.evidence.text, item) and match(f, item) for f in facts):
                result.matched += 1
            else:
                result.misses.append(item)
        # Precision over the sentences the analyst read for this category.
        judged = [f for f in facts if any(_quoted(f.evidence.text, item) for item in items)]
        result.found = len(judged)
        result.correct = sum(any(_quoted(f.evidence.text, i) and match(f, i) for i in items) for f in judged)
        scores[category] = result
    return scores


def load_expected(path: Path) -> dict:
    return load_yaml(path.resolve())


def report(scores: dict[str, Score]) -> str:
    lines = [f"{'category':<14}{'expected':>9}{'matched':>9}{'recall':>8}{'found':>7}{'precision':>10}"]
    for s in scores.values():
        lines.append(f"{s.category:<14}{s.expected:>9}{s.matched:>9}{s.recall:>8.2f}{s.found:>7}{s.precision:>10.2f}")
    for s in scores.values():
        for miss in s.misses:
            lines.append(f"  missed {s.category}: {miss}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score faultlines against an expected model.")
    parser.add_argument("expected", type=Path)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="where a document path starts unless the model says `root: repository`")
    parser.add_argument("--model", default=None, help="language pipeline (default: the shipped one)")
    args = parser.parse_args(argv)
    from faultlines.ingest import read_documents
    from faultlines.pipeline import Pipeline

    expected = load_expected(args.expected)
    root = REPO if expected.get("root") == "repository" else args.shared
    document = read_documents(root / expected["document"])[0]
    analysis = Pipeline.load(args.model).analyze(document)
    print(report(score(analysis, expected)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
