"""Relations between actors, read from sentences by the patterns in `lexicons/relations.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from faultlines.data import load_yaml
from faultlines.extract.context import SLOT, Attribution, SentenceView, fits, governing_subjects, time_of
from faultlines.extract.prefilter import Prefiltered, Screened
from faultlines.extract.relation_classifier import EXTRACTOR as CLASSIFIER
from faultlines.extract.relation_classifier import RelationClassifier
from faultlines.model import Relation
from faultlines.resolve import LinkedMention
from faultlines.resolve.nominal import NominalActors

EXTRACTOR = "relations.patterns.v1"
_SLOT = r"(?P<{name}>⟦\d+⟧)"
_GAP = r"(?:\S+ ){0,4}?"


_LISTED = re.compile(r"^(?:\s*(?:,|and|or|,\s*and|such as|including|especially|particularly|notably|like|"
                     r"\(|\)|['’]s|[a-z]+(?![a-z]))\s*){0,4}$")
_CLAUSE_START = re.compile(r"[:;\"“”]|,\s+(?:which|who|while|but|whereas)\b|\b(?:said|says|say)\b")
_OPENS_LIST = re.compile(r"such as|including|especially|particularly|notably|like|,|\band\b|\bor\b|\(")


@dataclass(frozen=True)
class RelationPattern:
    type: str
    regex: Prefiltered
    kinds: tuple[str, str]
    symmetric: bool
    spread: bool
    implicit: str | None  # "a" or "b": the end the sentence's actor fills


# What the classifier's ends may be, as the patterns' `kinds` (lexicons/relations.yaml).
CLASSIFIED = {"member_of": ("actor", "organisation", False), "leads": ("person", "organisation", False),
              "hostile": ("actor", "actor", True), "allied": ("actor", "actor", True)}


def load_patterns() -> list[RelationPattern]:
    patterns = []
    for rtype, spec in load_yaml("lexicons/relations.yaml").items():
        if "patterns" not in spec:
            continue  # the `words` section
        for item in spec["patterns"]:
            # A pattern is a string, or {pattern, kinds} where its ends are of other kinds than
            # the type's ("President of Pakistan Asif Ali Zardari": a person leads a state).
            text, kinds = (item["pattern"], item["kinds"]) if isinstance(item, dict) else (item, spec["kinds"])
            regex = text.replace("{A}", _SLOT.format(name="a")).replace("{B}", _SLOT.format(name="b"))
            regex = regex.replace("{gap}", _GAP)
            patterns.append(RelationPattern(rtype, Prefiltered(re.compile(regex, re.I)), tuple(kinds),
                                            bool(spec.get("symmetric")), bool(spec.get("spread")),
                                            "a" if "{A}" not in text else "b" if "{B}" not in text else None))
    return patterns


class RelationExtractor:
    """Finds the relations of DESIGN.md's vocabulary by the patterns of `lexicons/relations.yaml`."""

    def __init__(self, attribution: Attribution, nominal: NominalActors | None = None,
                 classifier: RelationClassifier | None = None):
        self.patterns = Screened(load_patterns(), lambda p: p.regex)
        self.classifier = classifier  # for the pairs of actors no pattern relates
        self.attribution = attribution
        self.nominal = nominal  # a country named, or its people, as the state a role needs
        words = load_yaml("lexicons/relations.yaml")["words"]
        self.action_noun = re.compile(rf"\b(?:{'|'.join(map(re.escape, words['possessive_actions']))})\b", re.I)
        # The kind of division may be part of the first place's mention ("the Ménaka region").
        self.within = re.compile(rf"\s*(?:{'|'.join(map(re.escape, words['places_within']))})?\s+of\s+")
        titles = "|".join(map(re.escape, sorted(words["head_of_state_titles"], key=len, reverse=True)))
        # "Afghan President ", "Iraq's Prime Minister ", "President of Pakistan ": a title and a
        # country before a person's name, inside the person's own mention.
        self.titled = re.compile(rf"^(?:the\s+)?(?:(?P<before>.+?)(?:['’]s)?\s+(?:{titles})"
                                 rf"|(?:{titles})\s+of\s+(?:the\s+)?(?P<after>.+?)|(?P<alone>{titles}))\s*$", re.I)

    def extract(self, view: SentenceView) -> list[Relation]:
        found: dict[tuple[str, str, str], Relation] = {}
        self._titled_heads(view, found)
        if len(view.mentions) < 2:
            return list(found.values())
        for pattern in self.patterns.may_match(view.folded):
            for m in pattern.regex.regex.finditer(view.masked):
                if pattern.implicit:  # one end is the sentence's actor, the other a slot
                    named = "b" if pattern.implicit == "a" else "a"
                    slot = self._subject_by_parse(view, m.start()) or self._implicit_source(view, m.start())
                    implied = [view.mention_at(slot.group()), *self._listed_with(view, *slot.span())] if slot else []
                    stated = self._with_listed(view, m, named, pattern.spread)
                    sources, targets = (implied, stated) if named == "b" else (stated, implied)
                else:
                    sources = [view.mention_at(m.group("a"))]
                    targets = self._with_listed(view, m, "b", pattern.spread)
                if pattern.kinds[1] == "state":
                    targets = [t for t in (self._as_state(view, b) for b in targets) if t is not None]
                sources = [a for a in sources if fits(a, pattern.kinds[0])]
                if not sources:
                    continue
                said = self.attribution.of(view, m.span())
                for a in sources:
                    for b in targets:
                        if a.entity_id != b.entity_id and fits(b, pattern.kinds[1]):
                            self._add(found, pattern.type, pattern.symmetric, a, b, view, said)
                # "The UK, the Coalition and Iraq are committed to defeating ISIL": the actors
                # who fight a common enemy together are allies.
                if pattern.type == "hostile" and len(sources) > 1:
                    for i, a in enumerate(sources):
                        for b in sources[i + 1:]:
                            if a.entity_id != b.entity_id and a.kind != "community" and b.kind != "community":
                                self._add(found, "allied", True, a, b, view, said)
        if self.classifier is not None:
            self._classified(view, found)
        return list(found.values())

    def actor_ends(self, view: SentenceView) -> list[tuple[LinkedMention, LinkedMention]]:
        """The actors of a sentence in the order they are named, each as (its mention, the mention
        it acts as): a country's name or its people's acts as its state; other places do not act."""
        ends = []
        for m in view.mentions:
            acting = self._as_state(view, m) if m.kind in ("place", "community") else m
            if acting is not None:
                ends.append((m, acting))
        return ends

    def _classified(self, view: SentenceView, found: dict) -> None:
        """The classifier's relations between actors no pattern related in this sentence."""
        if not view.parsed:
            return  # its features are read from the parse; a country's state is not made for nothing
        related = {frozenset((r.source, r.target)) for r in found.values()}
        guesses = self.classifier.classify(view, self.actor_ends(view))
        if not guesses:
            return
        said = self.attribution.of(view)
        for g in sorted(guesses, key=lambda g: -g.probability):
            kinds = CLASSIFIED[g.type]
            pair = frozenset((g.source.entity_id, g.target.entity_id))
            if pair in related or not (fits(g.source, kinds[0]) and fits(g.target, kinds[1])):
                continue
            related.add(pair)
            confidence = round(g.probability * (1.0 if said.modality == "asserted" else 0.7), 3)
            self._add(found, g.type, kinds[2], g.source, g.target, view, said, confidence, CLASSIFIER)

    def _titled_heads(self, view: SentenceView, found: dict) -> None:
        """"Afghan President Ashraf Ghani": one person's mention that says whose state they lead."""
        if self.nominal is None or view.resolved is None:
            return
        for m in view.mentions:
            person = view.resolved.entities.get(m.entity_id) if m.kind == "person" and not m.generic else None
            if person is None or not m.text.endswith(person.name) or m.text == person.name:
                continue
            title = self.titled.match(m.text[:-len(person.name)].strip())
            country = title and (title.group("before") or title.group("after"))
            state = self._state_named(view, country, m) if country else None
            if title and title.group("alone"):  # "Iraq's Prime Minister X": the country just before
                before = [p for p in view.mentions if p.end <= m.start
                          and re.fullmatch(r"(?:['’]s)?\s+", view.resolved.document.text[p.end:m.start])]
                state = self._as_state(view, before[-1]) if before else None
            if state is not None:
                self._add(found, "leads", False, m, state, view, self.attribution.of(view))

    def _state_named(self, view: SentenceView, words: str, at: LinkedMention) -> LinkedMention | None:
        """The state a country's name or its people's ("Afghan") stands for, read from words."""
        country = self.nominal.kb.country_named(words)
        if country is None:
            return None
        return self.nominal.state(view.resolved, LinkedMention(at.start, at.end, words, f"place:{country}",
                                                               "place", at.sentence))

    def _as_state(self, view: SentenceView, mention: LinkedMention) -> LinkedMention | None:
        """The state a country's name ("Pakistan") or its people ("Pakistani") stands for here."""
        if mention.kind == "state":
            return mention
        if self.nominal is None or view.resolved is None or mention.kind not in ("place", "community"):
            return None
        return self.nominal.state(view.resolved, mention)

    def _with_listed(self, view: SentenceView, m: re.Match[str], group: str, spread: bool) -> list[LinkedMention]:
        """The name in a pattern's slot, with the names listed with it when the relation spreads."""
        first = view.mention_at(m.group(group))
        return [first, *self._listed_with(view, m.start(group), m.end(group))] if spread else [first]

    @staticmethod
    def _add(found: dict, rtype: str, symmetric: bool, a: LinkedMention, b: LinkedMention,
             view: SentenceView, said, confidence: float | None = None, extractor: str = EXTRACTOR) -> None:
        ends = sorted((a.entity_id, b.entity_id)) if symmetric else [a.entity_id, b.entity_id]
        found.setdefault((rtype, ends[0], ends[1]), Relation(
            type=rtype, source=a.entity_id, target=b.entity_id,
            evidence=view.evidence, modality=said.modality, attributed_to=said.attributed_to,
            time=time_of(view.text, view.published) if rtype != "hostile" else None,
            confidence=confidence if confidence is not None else 0.7 if said.modality == "asserted" else 0.5,
            extractor=extractor,
        ))

    def _subject_by_parse(self, view: SentenceView, at: int) -> re.Match[str] | None:
        """The slot of the subject of the verb that governs masked[at:], from the parse: in
        "The group is fighting the armies of Mali and has also been at war with ISSP" the
        subject of "been at war" is the group's, shared through the coordination."""
        if not view.parsed:
            return None
        token = view.token_at(view.words_of(at, at + 1).start)
        if token is None or token.pos_ in ("NOUN", "PROPN"):
            return None  # "their fight against ISIL", "efforts to defeat": the owner acts, nearest first
        subjects, verb = governing_subjects(token)
        if not subjects:
            return None
        subject = subjects[0]
        if subject.pos_ == "PRON":  # "JNIM said they had killed": they are the speakers
            clause = verb
            for _ in range(4):  # up from "had" to the clause "killed", object of "said"
                if clause.dep_ == "ccomp" or clause.head.i == clause.i:
                    break
                clause = clause.head
            speakers = [c for c in clause.head.children if c.dep_ == "nsubj"] if clause.dep_ == "ccomp" else []
            subject = speakers[0] if speakers else subject
        mention = view.mention_in(subject.doc[subject.left_edge.i:subject.right_edge.i + 1])
        if mention is None or mention.kind in ("place", "community"):
            return None
        return next((s for s in SLOT.finditer(view.masked) if view.mention_at(s.group()) is mention), None)

    def _implicit_source(self, view: SentenceView, at: int) -> re.Match[str] | None:
        """The actor who does what the words at `at` say: the nearest one named before them in
        their clause, not a nationality ("Russian air support"), not a possessive ("Y's
        adherence") unless it owns an action ("ISIL's attacks")."""
        masked = view.masked
        clause_start = max((b.end() for b in _CLAUSE_START.finditer(masked, 0, at)), default=0)
        before = [s for s in SLOT.finditer(masked, clause_start, at) if s.end() <= at]
        for slot in reversed(before):
            mention = view.mention_at(slot.group())
            if mention.kind in ("place", "community"):
                continue
            possessive = re.match(r"(?:'s|’s)\s+(?P<owned>(?:\S+\s*){1,3})", masked[slot.end():])
            if possessive and not self.action_noun.search(possessive.group("owned")):
                continue
            return slot
        return None

    def _listed_with(self, view: SentenceView, start: int, end: int) -> list[LinkedMention]:
        """Names listed with the one at masked[start:end]: "in A, B and C", "A and B are"."""
        masked = view.masked
        slots = list(SLOT.finditer(masked))
        k = next(i for i, s in enumerate(slots) if s.start() == start)
        listed = []
        for step in (1, -1):
            i, edge = k, (end if step == 1 else start)
            while 0 <= i + step < len(slots):
                nxt = slots[i + step]
                gap = masked[edge:nxt.start()] if step == 1 else masked[nxt.end():edge]
                if len(gap) > 60:
                    break
                # "in the Ménaka region of Mali and in Niger's Tillabéri region": places within
                # places chain through "region of" and "'s" too.
                places = view.mention_at(slots[i].group()).kind == "place" == view.mention_at(nxt.group()).kind
                within = places and (re.fullmatch(r"['’]s ", gap) or self.within.fullmatch(gap))
                if not (_LISTED.match(gap) and (_OPENS_LIST.search(gap) or within)):
                    break
                listed.append(view.mention_at(nxt.group()))
                i, edge = i + step, (nxt.end() if step == 1 else nxt.start())
        return listed
