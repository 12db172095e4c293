"""Number claims: how many fighters, attacks, arrests... about which actor, said by whom, when.

"According to various estimates, there are between 2,200 and even 4,000 ISIS fighters" gives
Claim(subject=islamic-state, attribute=fighters, value=2200..4000, attributed_to="various
estimates"). Quantities, qualifiers and attribute words live in `lexicons/numbers.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faultlines.data import load_yaml
from faultlines.extract.context import SLOT, Attribution, SentenceView, governing_subjects, time_of
from faultlines.model import Claim, Quantity

EXTRACTOR = "claims.numbers.v1"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


@dataclass(frozen=True)
class NumberPhrase:
    """A quantity found in masked text, and where it ends."""

    value: Quantity
    start: int
    end: int


class NumberReader:
    """Finds quantities (digits, number words, vague amounts, ranges) in masked sentences."""

    def __init__(self) -> None:
        lex = load_yaml("lexicons/numbers.yaml")
        self.words: dict[str, int] = lex["words"]
        self.multipliers: dict[str, int] = lex["multipliers"]
        self.vague: dict[str, list[int]] = lex["vague"]
        self.qualifiers: dict[str, list] = lex["qualifiers"]
        number = rf"(?:{_DIGITS}|{_alternatives(self.words)})(?:\s+(?:{_alternatives(self.multipliers)}))?"
        qualifier = _alternatives(self.qualifiers)
        self.pattern = re.compile(
            rf"(?<![\w,.])(?:(?P<vague>{_alternatives(self.vague)})"
            rf"|between\s+(?P<lo>{number})\s+and\s+(?:even\s+|up\s+to\s+)?(?P<hi>{number})"
            rf"|(?:(?P<qual>{qualifier})\s+)?(?P<n>{number})(?:\s*(?:-|–|to)\s*(?P<n2>{number}))?)"
            rf"(?![\w])",
            re.I,
        )

    def find(self, masked: str) -> list[NumberPhrase]:
        found = []
        for m in self.pattern.finditer(masked):
            value = self._value(m)
            if value is not None:
                found.append(NumberPhrase(value, m.start(), m.end()))
        return found

    def _value(self, m: re.Match[str]) -> Quantity | None:
        if m.group("vague"):
            low, high = self.vague[" ".join(m.group("vague").lower().split())]
            return Quantity(low, high, approx=True)
        if m.group("lo"):
            return Quantity(self._number(m.group("lo")), self._number(m.group("hi")), approx=False)
        n = self._number(m.group("n"))
        if n is None:
            return None
        if m.group("n2"):
            return Quantity(n, self._number(m.group("n2")), approx=False)
        if m.group("qual"):
            lo, hi, approx = self.qualifiers[" ".join(m.group("qual").lower().split())]
            return Quantity(n * lo if lo is not None else None, n * hi if hi is not None else None, approx)
        return Quantity(n, n, approx=False)

    def _number(self, text: str) -> float | None:
        parts = text.lower().split()
        base = parts[0]
        value = float(base.replace(",", "")) if base[0].isdigit() else self.words.get(base)
        if value is None:
            return None
        for part in parts[1:]:
            value *= self.multipliers.get(part, 1)
        return value


class ClaimExtractor:
    """Number claims about actors; the attribute comes from the noun or verb around the number."""

    def __init__(self, attribution: Attribution):
        lex = load_yaml("lexicons/numbers.yaml")
        self.nouns: dict[str, str] = lex["nouns"]
        self.people = set(lex["people"])
        self.verbs: dict[str, str] = lex["verbs"]
        self.place_attributes = set(lex["place_attributes"])
        self.victim_attributes = set(lex["victim_attributes"])
        self.numbers = NumberReader()
        self.attribution = attribution
        self.noun_after = re.compile(
            rf"^\s*(?:-\s*)?(?:of\s+)?(?:the\s+)?(?:(?P<slot>⟦\d+⟧)(?:['’]s)?\s+)?(?:\w+\s+)?"
            rf"(?P<noun>{_alternatives([*self.nouns, *self.people])})\b"
            rf"(?:\s+(?:of|from)\s+(?:the\s+)?(?P<of>⟦\d+⟧))?",
            re.I,
        )
        self.member_group = re.compile(r"^-member\s+(?P<slot>⟦\d+⟧)", re.I)
        self.verb_before = re.compile(
            rf"\b(?P<verb>{_alternatives(self.verbs)})\s+(?:(?!and\b|or\b)\w+\s+)?$", re.I)
        self.verb_after = re.compile(
            rf"^\s*(?:\w+\s+){{0,3}}?(?:(?:were|was|have been|had been|has been|are|is|have|has|had)\s+)?"
            rf"(?P<verb>{_alternatives(self.verbs)})\b", re.I
        )

    def extract(self, view: SentenceView) -> list[Claim]:
        claims = []
        masked = view.masked
        for number in self.numbers.find(masked):
            if _is_year(masked, number):
                continue
            claim = self._claim(view, number)
            if claim:
                claims.append(claim)
        return claims

    def _claim(self, view: SentenceView, number: NumberPhrase) -> Claim | None:
        masked = view.masked
        after, before = masked[number.end:], masked[:number.start]
        subject_slot = None
        attribute = None
        group = self.member_group.match(after)
        noun = self.noun_after.match(after)
        verb = self.verb_before.search(before)
        source = self.attribution.of(view, (number.start, number.end))
        people = False
        if group:  # "the 83-member Global Coalition"
            attribute, subject_slot = "members", group.group("slot")
        elif noun:
            noun_word = " ".join(noun.group("noun").lower().split())
            people = noun_word in self.people
            attribute = self.nouns.get(noun_word)
            subject_slot = noun.group("slot") or noun.group("of")
            verb = verb or self.verb_after.match(after[noun.end():])
        else:  # "put the death toll at around 600", "121 killed and 333 injured"
            verb = self.verb_after.match(after) or verb
            subject_slot = None
        if verb:
            attribute = self.verbs[" ".join(verb.group("verb").lower().split())]
        if attribute is None:
            return None
        possessive = bool(noun and re.match(r"^\s*(?:of\s+)?(?:its|their)\b", after, re.I))
        # People killed or displaced are not members of the actor named before them.
        place = re.match(r"^\s+in\s+(⟦\d+⟧)", after[noun.end():]) if noun else None
        if place and attribute in self.place_attributes and view.mention_at(place.group(1)).kind == "place" \
                and not subject_slot:  # "3,000 foreign nationals in Afghanistan"
            subject = view.mention_at(place.group(1)).entity_id
        elif people and not subject_slot:
            subject = None
        else:
            speaker = None if possessive or source.modality == "claimed" else source.speaker
            if attribute in self.victim_attributes and not (subject_slot or possessive):
                subject = None  # victims are not the actor named before them
            else:
                subject = (None if subject_slot else self._by_parse(view, number)) or \
                    self._subject(view, subject_slot, before, speaker)
        return Claim(
            subject=subject, attribute=attribute, value=number.value,
            evidence=view.evidence, as_of=time_of(view.text, view.published) or view.published,
            modality=source.modality if source.modality != "asserted" or not number.value.approx
            else "estimated",
            attributed_to=source.attributed_to, confidence=0.6, extractor=EXTRACTOR,
        )

    def _by_parse(self, view: SentenceView, number: NumberPhrase) -> str | None:
        """The actor a number is about, read from the parse: the subject of the verb its noun
        depends on ("ISIS-K has several thousand member fighters", "the group claimed
        responsibility for 47 attacks"), or None when the parse names no actor."""
        if not view.parsed:
            return None
        token = view.token_at(view.words_of(number.start, number.end).start)
        if token is None:
            return None
        if token.head.i == token.i:
            return None
        subjects, _ = governing_subjects(token.head, shares=_SHARES)
        for subject in subjects:
            mention = view.mention_in(subject.doc[subject.left_edge.i:subject.right_edge.i + 1])
            if mention is not None and not (token.left_edge.i <= subject.i <= token.right_edge.i):
                return mention.entity_id
        return None

    def _subject(self, view: SentenceView, slot: str | None, before: str, speaker=None) -> str | None:
        """The actor named in the number's phrase, else the last actor named before it (not the
        speaker of 'X said', unless the phrase says 'its' or 'their')."""
        if slot:
            mention = view.mention_at(slot)
            if mention.kind != "place":
                return mention.entity_id
        for slot_text in reversed(SLOT.findall(before)):
            mention = view.mentions[int(slot_text)]
            if mention.kind != "place" and not _inside_source(before, slot_text) and mention != speaker:
                return mention.entity_id
        return None


# A number's verb shares only the subject of a verb it completes or joins: "is estimated to have".
_SHARES = frozenset({"xcomp", "conj"})


def _inside_source(before: str, slot_index: str) -> bool:
    """A name inside 'according to X,' speaks about the number; it is not its subject."""
    return bool(re.search(rf"according to [^,]*⟦{slot_index}⟧[^,]*,", before, re.I))


def _is_year(masked: str, number: NumberPhrase) -> bool:
    text = masked[number.start:number.end]
    return bool(re.fullmatch(r"(?:19|20)\d\d", text)) and number.value.low == number.value.high


def _alternatives(words) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))
