"""Whether an event happened, read from the words that govern its trigger in the parse.

    modality = TriggerModality.load().of(trigger_token)   # "future", "negated", ... or None

A cue counts where it bears on the trigger: its own auxiliary, negation or modifier ("will
attack", "did not attack", "a possible war", "no attack"), the "if" of its own clause ("if
fighting starts"), or the verb it is the object or complement of, up a chain of such verbs
("prepared to launch an attack", "planning an offensive", "did not launch an attack", "denied
attacking"). A "not" elsewhere in the sentence ("the rebels, who have not been paid, attacked")
bears on nothing here, as it does in a scan of the sentence's words. None means the parse shows
no cue: the event is as the sentence's attribution says (reported, claimed, hedged ...).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from faultlines.data import load_yaml

# Links from a trigger to the word that governs it: object, oblique, subject, control.
_TO_GOVERNOR = frozenset({"obj", "dobj", "obl", "nmod", "nsubj", "nsubj:pass", "nsubjpass", "xcomp"})
# Links from a governing verb on up: control ("prepared to resume") and its object ("launch an attack").
_UP_FROM_VERB = frozenset({"xcomp", "obj", "dobj"})
# Across a complement clause ("denied that soldiers attacked") only the governing verb's meaning
# bears on the event, not its tense or negation; across an infinitive ("threatened ..., to break
# relations", which the parser hangs as an adverbial clause) both do.
_MAX_STEPS = 4
# What the parse decides alone: a word of these kinds elsewhere in the sentence is no cue.
PARSED_MODALITIES = frozenset({"negated", "conditional", "future"})


@dataclass(frozen=True)
class TriggerModality:
    future_auxiliaries: frozenset[str]
    hedge_auxiliaries: frozenset[str]
    negations: frozenset[str]
    conditions: frozenset[str]
    intent_verbs: frozenset[str]  # "prepared to", "plans", "vowed to": what they govern is to come
    denial_verbs: frozenset[str]  # "denied attacking", "refused to withdraw": it did not happen
    prospects: frozenset[str]  # "a possible war", "an imminent offensive"

    @classmethod
    def load(cls) -> TriggerModality:
        rules = load_yaml("lexicons/events_parse.yaml")
        words = {**rules["modality"], "future_auxiliaries": rules["intent"]["future"]}
        return cls(**{name: frozenset(w.lower() for w in ws) for name, ws in words.items()})

    def of(self, trigger: Token) -> str | None:
        """The modality the parse gives the event `trigger` tells, or None where it shows none."""
        token, governed_by = trigger, None
        for _ in range(_MAX_STEPS):
            own = self._own(token) or (self._misread_verb(token) if token is trigger else None)
            if own:
                return own
            if governed_by is not None and (meaning := self._meaning(token)):
                return meaning
            links = _TO_GOVERNOR if token is trigger else _UP_FROM_VERB
            if token.head.i != token.i and token.dep_ == "ccomp":
                return self._meaning(token.head)
            if token.head.i != token.i and token.dep_ == "advcl" and self._infinitive(token):
                # A purpose shares the tense of what serves it: "will give a grant to finance".
                return self._meaning(token.head) or self._own(token.head)
            if token.head.i == token.i or token.dep_ not in links or token.head.pos_ not in ("VERB", "AUX", "NOUN"):
                return None
            if token is not trigger and token.head.pos_ == "NOUN":
                return None  # "reports that soldiers killed": the report is no cue for the killing
            token, governed_by = token.head, token.dep_
        return None

    def _meaning(self, verb: Token) -> str | None:
        """What a governing verb makes of what it governs: an intent is to come, a denial negates."""
        lemma = verb.lemma_.lower()
        if lemma in self.intent_verbs:
            return "future"
        return "negated" if lemma in self.denial_verbs else None

    @staticmethod
    def _infinitive(token: Token) -> bool:
        """An infinitive hung as an adverbial clause: a purpose, or an intent's object misparsed."""
        return any(c.dep_ == "mark" and c.lower_ == "to" for c in token.children)

    def _misread_verb(self, trigger: Token) -> str | None:
        """A noun before the trigger that has an auxiliary of its own is a verb the parser took
        for a noun: "his group would resume attacks" parsed with "resume" the subject of
        "attacks"; its "would" is the trigger's."""
        for child in trigger.children:
            if child.i < trigger.i and child.pos_ in ("NOUN", "PROPN"):
                for aux in child.children:
                    if aux.dep_ in ("aux", "aux:pass") and aux.lower_ in self.future_auxiliaries:
                        return "future"
                    if aux.dep_ in ("aux", "aux:pass") and aux.lower_ in self.hedge_auxiliaries:
                        return "hedged"
        return None

    def _own(self, token: Token) -> str | None:
        """A cue attached to the word itself."""
        for child in token.children:
            word, dep = child.lower_, child.dep_
            if dep in ("neg", "advmod", "det") and word in self.negations:
                return "negated"
            if dep == "mark" and word in self.conditions:
                return "conditional"
            if dep in ("aux", "aux:pass") and word in self.future_auxiliaries:
                return "future"
            if dep in ("aux", "aux:pass") and word in self.hedge_auxiliaries:
                return "hedged"
            if dep == "amod" and child.lemma_.lower() in self.prospects:
                return "future"
        return None
