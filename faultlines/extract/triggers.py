"""Event triggers: what a verb or noun means as an event, from the vocabularies converted from
CAMEO (`lexicons/event_verbs.yaml`, `event_nouns.yaml`; training/event_vocabulary.py).

    TriggerVocabulary().of(predicate) -> Trigger("assault", "raid") for "stormed a base"
"""

from __future__ import annotations

from dataclasses import dataclass

from faultlines.data import load_yaml
from faultlines.extract.roles import Predicate


@dataclass(frozen=True)
class Trigger:
    """What a word means as an event: its PLOVER type and mode, and the ACLED sub-event type it
    decides alone, if it does (an airstrike is an air strike whoever is hit)."""

    type: str
    mode: str | None = None
    acled_subtype: str | None = None
    specificity: int = 1  # joined triggers: the most specific types the event ("ambush" > "kill")


class TriggerVocabulary:
    """Verbs, verb + object, verb + preposition, nouns, and the light verbs that pass on their
    subject to an event noun ("launched an attack")."""

    def __init__(self, rules: dict) -> None:
        """`rules`: events_parse.yaml, which says what counts victims and what is never a trigger."""
        verbs = load_yaml("lexicons/event_verbs.yaml")
        nouns = load_yaml("lexicons/event_nouns.yaml")
        self.verbs = {k: _trigger(v) for k, v in (verbs.get("verbs") or {}).items() if _trigger(v)}
        self.verb_objects = {verb: {obj: _trigger(spec) for obj, spec in objs.items() if _trigger(spec)}
                             for verb, objs in (verbs.get("verb_objects") or {}).items()}
        self.verb_preps = {verb: {prep: _trigger(spec) for prep, spec in preps.items() if _trigger(spec)}
                           for verb, preps in (verbs.get("verb_preps") or {}).items()}
        self.nouns = {k: _trigger(v) for k, v in (nouns.get("nouns") or {}).items() if _trigger(v)}
        self.light_verbs = set(nouns.get("light_verbs") or ())
        self.non_event_objects = {verb: set(objs) for verb, objs in (verbs.get("non_event_objects") or {}).items()}
        self.victim_verbs = {k: set(v) for k, v in rules["counted_by"].items()}
        self.not_triggers = set(rules["not_triggers"])
        self.never_triggers = set(rules["never_triggers"])
        # The words a trigger's head can be: a verb's lemma (alone, or before its particle), a
        # noun's (alone, or after the word before it: "car bomb"). `of` finds nothing for others.
        self.heads = frozenset({k.split()[0] for k in self.verbs} | set(self.verb_objects) | set(self.verb_preps)
                               | {k.split()[-1] for k in self.nouns})

    def of(self, p: Predicate) -> Trigger | None:
        for lemma in p.lemmas:
            found = self._of(p, lemma)
            if found is not None:
                return found
        return None

    def _of(self, p: Predicate, lemma: str) -> Trigger | None:
        if p.nominal:
            before = p.head.doc[p.head.i - 1] if p.head.i > 0 else None
            if before is not None and before.dep_ in ("compound", "amod"):  # "car bomb", "air strike"
                two = self.nouns.get(f"{before.lemma_.lower()} {lemma}") or self.nouns.get(f"{before.lower_} {lemma}")
                if two:
                    return two
            return self.nouns.get(lemma)
        if lemma in self.never_triggers:
            return None
        if any(o.lemma_.lower() in self.non_event_objects.get(lemma, ()) for o in p.patients):
            return None  # "fight corruption"
        if p.particle and f"{lemma} {p.particle}" in self.verbs:
            return self.verbs[f"{lemma} {p.particle}"]
        own = self.verbs.get(lemma)
        # An object or preposition refines the verb's own type ("storm a base" is a raid, "cut
        # aid" a sanction); it does not turn it into another one, CAMEO's patterns over-reach there.
        refined = [self.verb_objects.get(lemma, {}).get(o.lemma_.lower()) for o in p.patients]
        refined += [self.verb_preps.get(lemma, {}).get(prep) for prep in p.obliques if prep not in _WHERE_AND_WHEN]
        for found in refined:
            if found and (own is None or lemma in self.not_triggers or found.type == own.type):
                return found if own is None or found.specificity >= own.specificity else own
        return None if lemma in self.not_triggers else own


# Prepositions of place and time say nothing of what a verb did ("killed ... in a night attack").
_WHERE_AND_WHEN = frozenset({"in", "at", "near", "during", "after", "before", "since", "around", "across",
                             "inside", "outside", "amid", "throughout", "within"})


def _trigger(spec) -> Trigger | None:
    if not isinstance(spec, dict) or not spec.get("plover"):
        return None
    return Trigger(spec["plover"], spec.get("mode"), spec.get("acled_subtype"),
                   2 + bool(spec.get("mode")) + bool(spec.get("acled_subtype")))
