"""Names the knowledge base does not know but that look like actors, by rule.

"the Ninawa Plains Protection Units" ends in an organisation word; "President Hollande" follows a
title. Until the trained pipeline's NER arrives (issue 4), these rules find provisional actors;
the words live in `data/lexicons/provisional.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span

from faultlines.data import load_yaml


@dataclass(frozen=True)
class ProvisionalRules:  # not slotted: cached_property needs the instance's __dict__
    heads: dict[str, str]
    connectors: frozenset[str]
    titles: tuple[tuple[str, ...], ...]  # longest first
    name_particles: frozenset[str]
    hyphenated_particles: frozenset[str]
    event_openers: frozenset[str] = frozenset()
    armed_openers: frozenset[str] = frozenset()
    not_persons: frozenset[str] = frozenset()
    bodies_of_places: frozenset[str] = frozenset()  # "Party" in "the Labour Party of Norway"

    @cached_property
    def titles_by_first_word(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Titles by their first word, longest first: a token is checked against a few, not all."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for title in self.titles:
            index.setdefault(title[0], []).append(title)
        return {word: tuple(found) for word, found in index.items()}

    @cached_property
    def titles_by_last_word(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Titles by their last word, longest first: for the title just before a name."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for title in self.titles:
            index.setdefault(title[-1], []).append(title)
        return {word: tuple(found) for word, found in index.items()}

    @classmethod
    def load(cls) -> ProvisionalRules:
        data = load_yaml("lexicons/provisional.yaml")
        titles = sorted((tuple(t.split()) for t in data["person_titles"]), key=len, reverse=True)
        heads = {**data["organisation_heads"], **dict.fromkeys(data["place_heads"], "place"),
                 **dict.fromkeys(data["event_heads"], "event"),
                 **dict.fromkeys(data["meeting_heads"], "meeting")}
        return cls(heads, frozenset(data["connectors"]), tuple(titles),
                   frozenset(data["name_particles"]), frozenset(data["hyphenated_particles"]),
                   frozenset(data["event_openers"]), frozenset(data["armed_openers"]),
                   frozenset(data["not_persons"]), frozenset(data["bodies_of_places"]))

    def strip_title(self, text: str) -> str:
        """'Deputy Secretary of State Antony Blinken' -> 'Antony Blinken'."""
        words = text.split()
        stripped = True
        while stripped and words:
            stripped = False
            for title in self.titles_by_first_word.get(words[0], ()):
                if tuple(words[:len(title)]) == title and len(words) > len(title):
                    words, stripped = words[len(title):], True
                    break
        return " ".join(words)

    def is_title(self, text: str) -> bool:
        """'Emir', 'the Prime Minister': a title alone names no one."""
        words = tuple(w for w in text.split() if w.lower() not in ("the", "a", "an", "its", "their", "new"))
        return bool(words) and words in self.titles

    def is_meeting(self, span: Span) -> bool:
        """ "the Brussels Conference": a name ending as a meeting's or an accord's does."""
        return self.heads.get(span[-1].text) == "meeting"

    def kind_of(self, span: Span) -> str:
        """The kind a name suggests by its head word: an actor's, "place" or "event"."""
        words = [t for t in span if t.lower_ != "the"]
        if len(words) > 2 and words[0].text in self.event_openers and words[1].lower_ == "of":
            return "event"  # "the Battle of Mosul"
        heads = [self.heads[t.text] for t in span if t.text in self.heads]
        if heads:
            return heads[-1]
        # A name opening like a fighting force's ("Jaysh al-...", "Katiba ...") is an armed group;
        # any other organisation is just that ("the Board of Inquiry", "DFAT's Middle East Branch").
        return "armed_group" if words and words[0].text in self.armed_openers else "organisation"


def find_provisional(doc: Doc, rules: ProvisionalRules, taken: list[Span]) -> list[Span]:
    """Organisation and person names that no known name covers."""
    busy = {i for span in taken for i in range(span.start, span.end)}
    found: list[Span] = []
    i = 0
    while i < len(doc):
        span = _titled_person(doc, i, rules, busy) or _organisation(doc, i, rules, busy)
        if span is None:
            i += 1
            continue
        found.append(span)
        i = span.end
    return found


def _is_name_word(token) -> bool:
    return token.is_title or (token.is_upper and len(token) > 1 and token.is_alpha)


def _titled_person(doc: Doc, i: int, rules: ProvisionalRules, busy: set[int]) -> Span | None:
    end = i
    while True:  # titles chain: "Deputy Secretary of State", "Foreign Minister"
        candidates = rules.titles_by_first_word.get(doc[end].text, ()) if end < len(doc) else ()
        title = next((t for t in candidates if tuple(x.text for x in doc[end:end + len(t)]) == t), None)
        if title is None:
            break
        end += len(title)
    if end == i:
        return None
    j = end
    while j < len(doc) and j - end < 6 and j not in busy:
        token = doc[j]
        joins = token.text in {"-", "'", "’"} or token.lower_ in rules.name_particles
        if _is_name_word(token) and token.text not in rules.heads:
            j += 1
        elif joins and j + 1 < len(doc) and j > end and _is_name_word(doc[j + 1]):
            j += 1  # "al-Maliki", "de Mistura"
        else:
            break
    # The title belongs to the mention ("President Hollande"), not to the name.
    return Span(doc, i, j, label="PERSON") if j > end else None


def _organisation(doc: Doc, i: int, rules: ProvisionalRules, busy: set[int]) -> Span | None:
    if i in busy or not _is_name_word(doc[i]):
        return None
    # A capital at the start of a sentence proves nothing unless the next word has one too.
    if doc[i].is_sent_start and (i + 1 >= len(doc) or not _is_name_word(doc[i + 1])):
        return None
    j, last_head = i, None
    while j < len(doc) and j not in busy and j - i < 10:
        token = doc[j]
        if _is_name_word(token) or token.text in {"-", "'"}:
            if token.text in rules.heads:
                last_head = j
        elif token.lower_ not in rules.connectors:
            break
        j += 1
    if last_head is None:
        return None
    end = last_head + 1
    # "Ministry of Defence", "Department of the Treasury": the head's complement is in the name.
    if end < j and doc[end].lower_ == "of" and _is_name_word(doc[j - 1]):
        end = j
    if end == i + 1:
        return None  # a bare "Army" or "Front" is not a name
    kind = rules.heads[doc[last_head].text]
    if kind == "meeting":
        return None  # "the Brussels Conference": the place stays a place, the meeting no actor
    return Span(doc, i, end, label=_LABEL_OF_HEAD.get(kind, "ORG"))


_LABEL_OF_HEAD = {"place": "FAC", "event": "EVENT"}
