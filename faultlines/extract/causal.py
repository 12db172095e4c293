"""Causal links, the outlook: "any division within the Taliban will lead to a greater presence of
ISIS-K" gives CausalLink(cause="any division within the Taliban" -> Taliban, effect="a greater
presence of ISIS-K" -> ISKP, sign "+", modality "future").

Connectors (verbs, nouns, their sign and which side the cause is on) live in
`lexicons/causal.yaml`; phrases are cut at clause breaks and tied to the first actor they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faultlines.data import load_yaml
from faultlines.extract.context import SLOT, Attribution, SentenceView
from faultlines.extract.prefilter import Prefiltered, Screened
from faultlines.model import CausalLink, Factor

EXTRACTOR = "causal.connectors.v1"
_CONDITION = re.compile(r"\b(?:in the case of|in the event of|if|unless|with|without)\s+(?P<c>[^,;]+),", re.I)
_SPEECH = re.compile(r"\b(?:say|says|said|warn|warns|warned|believe|believes|argue|argues|argued|fear|fears|"
                     r"feared|note|notes|noted|suggest|suggests|think|thinks|expect|expects|claim|claims|"
                     r"claimed)\s+(?:that\s+)?|,?\s+and\s+that\s+", re.I)
_SENTENCE_BREAK = re.compile(r"[;:!?]|\.(?=\s|$)")


@dataclass(frozen=True)
class Connector:
    regex: Prefiltered
    sign: str
    direction: str


@dataclass(frozen=True)
class _Match:
    connector: Connector
    start: int
    end: int


class CausalExtractor:
    """Finds cause -> effect statements and their sign in a sentence."""

    def __init__(self, attribution: Attribution):
        lex = load_yaml("lexicons/causal.yaml")
        self.connectors = Screened([Connector(Prefiltered(re.compile(rf"(?<![\w-]){c['pattern']}(?![\w-])", re.I)),
                                              c["sign"], c["direction"]) for c in lex["connectors"]], lambda c: c.regex)
        self.breaks = re.compile("|".join(re.escape(b) for b in lex["phrase_breaks"]), re.I)
        lead = "|".join(sorted((re.escape(w) for w in lex["leading_words"]), key=len, reverse=True))
        self.leading = re.compile(rf"^(?:(?:{lead})\b[\s,]*)+", re.I)
        trail = "|".join(re.escape(w) for w in lex["trailing_words"])
        self.trailing = re.compile(rf"(?:[\s,]+\b(?:{trail}))+$", re.I)
        self.max_words = int(lex["max_words"])
        self.attribution = attribution

    def extract(self, view: SentenceView) -> list[CausalLink]:
        masked = view.masked
        links: dict[tuple[str, str, str], CausalLink] = {}
        for match in self._connectors(masked, view.folded):
            sides = self._sides(masked, match)
            if sides is None:
                continue
            cause, effect = self._factor(view, sides[0]), self._factor(view, sides[1])
            if not cause.text or not effect.text:
                continue
            if cause.entity is None and sides[2]:  # the agent nearest the verb: "... and Taliban factions"
                agents = [view.mentions[int(k)] for k in SLOT.findall(sides[2])]
                agents = [a.entity_id for a in agents if a.kind != "place"]
                cause = Factor(cause.text, agents[-1] if agents else None)
            source = self.attribution.of(view, (match.start, match.end))
            links.setdefault((match.connector.sign, cause.text, effect.text), CausalLink(
                cause=cause, effect=effect, sign=match.connector.sign, evidence=view.evidence,
                modality=source.modality, attributed_to=source.attributed_to,
                confidence=0.6 if cause.entity or effect.entity else 0.4, extractor=EXTRACTOR,
            ))
        return list(links.values())

    def _connectors(self, masked: str, folded: str) -> list[_Match]:
        """Every connector in the sentence; of overlapping ones with the same sign, the longest."""
        found = [_Match(c, m.start(), m.end()) for c in self.connectors.may_match(folded)
                 for m in c.regex.regex.finditer(masked)]
        found.sort(key=lambda m: (m.start - m.end, m.start))
        kept: list[_Match] = []
        for m in found:
            if not any(k.start < m.end and m.start < k.end and k.connector.sign == m.connector.sign for k in kept):
                kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    def _sides(self, masked: str, match: _Match) -> tuple[str, str, str] | None:
        """(cause, effect, agent) as masked text, or None when a side is missing. The agent is
        who acts when the cause is a means: "X can increase Y by joining it" -> (joining it, Y, X)."""
        before, after = self._before(masked, match.start), self._after(masked, match.end)
        direction = match.connector.direction
        if direction == "forward":
            means = self._means(masked, match.end + len(after))
            return (means, after, before) if means else (before, after, "")
        if direction == "backward":
            return after, before, ""
        if direction == "between":  # "among the benefits of X for Y are ..."
            cause, _, effect = masked[match.end:].partition(" for ")
            return cause.strip(), self._after(effect, 0).split(" are ")[0].split(" is ")[0], ""
        by = re.match(r"\s*by\s+", masked[match.end:])
        if by:
            return self._after(masked, match.end + by.end()), before, ""
        condition = _CONDITION.search(masked, 0, match.start)
        if condition:
            effect = before[len(condition.group(0)):] if before.startswith(condition.group(0)) else before
            return condition.group("c"), effect, ""
        return None

    def _means(self, masked: str, at: int) -> str:
        """The means after an effect: "X can increase Y by joining it" -> "joining it"."""
        by = re.match(r"\s*by\s+(?!⟦)", masked[at:])
        return self._after(masked, at + by.end()) if by else ""

    def _before(self, masked: str, at: int) -> str:
        left = masked[:at]
        cut = max((m.end() for m in _SENTENCE_BREAK.finditer(left)), default=0)
        left = left[cut:]
        # A clause break ("X, while Y leads to") starts the cause; the conditional of "In the case
        # of X, Y could be reduced" is kept whole because the comma belongs to it.
        pieces = re.split(r",\s+(?:while|but|whereas|although)\s+", left)
        left = pieces[-1] if len(pieces) > 1 and not _CONDITION.search(left) else left
        # "Diplomats warn that a fall of El Fasher could ...": the cause starts after the speech.
        said = list(_SPEECH.finditer(left))
        return left[said[-1].end():] if said else left

    def _after(self, masked: str, at: int) -> str:
        right = masked[at:]
        stops = [m.start() for m in (_SENTENCE_BREAK.search(right), self.breaks.search(right)) if m]
        return right[:min(stops)] if stops else right

    def _factor(self, view: SentenceView, masked_phrase: str) -> Factor:
        phrase = self.leading.sub("", masked_phrase.strip(" ,.;:()\"'‘’“”"))
        phrase = self.trailing.sub("", phrase).strip(" ,.;:()\"'‘’“”")
        words = phrase.split()
        if len(words) > self.max_words:
            phrase = " ".join(words[:self.max_words])
        entity = next((view.mentions[int(k)].entity_id for k in SLOT.findall(phrase)
                       if view.mentions[int(k)].kind != "place"), None)
        at = view.masked.find(phrase) if phrase else -1
        text = view.words_of(at, at + len(phrase)).text if at >= 0 else view.unmask(phrase)
        return Factor(text=text, entity=entity)
