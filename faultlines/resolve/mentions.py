"""The records linking produces: a mention linked to its entity, and a resolved document."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from faultlines.model import Document, Entity
from faultlines.resolve.namesakes import Scored


@dataclass(frozen=True, slots=True)
class LinkedMention:
    """A mention in the text and the entity it was linked to."""

    start: int
    end: int
    text: str
    entity_id: str
    kind: str
    sentence: int  # index of the sentence it is in
    generic: bool = False  # "the group", linked by reference rather than by name
    choice: tuple[Scored, ...] = ()  # a place's best namesakes and their scores, so a user sees the choice


@dataclass
class ResolvedDocument:
    """A document with its sentences, linked mentions and entities: what extractors read."""

    document: Document
    doc: Doc
    mentions: list[LinkedMention]
    entities: dict[str, Entity] = field(default_factory=dict)
    nominal: dict[int, LinkedMention | None] = field(default_factory=dict)  # by head token: resolve.nominal
    setting: list[str | None] = field(default_factory=list)  # the country it is set in, once read
    # Mentions by sentence, for the ones indexed so far: extractors add mentions (nominal actors)
    # as they go, so the index grows with the list instead of being searched per sentence.
    _by_sentence: dict[int, list[LinkedMention]] = field(default_factory=dict, init=False, repr=False)
    _indexed: int = field(default=0, init=False, repr=False)

    @property
    def sentences(self) -> list[SpacySpan]:
        return list(self.doc.sents)

    def mentions_in(self, sentence_index: int) -> list[LinkedMention]:
        if len(self.mentions) < self._indexed:  # mentions were dropped: index them anew
            self._by_sentence, self._indexed = {}, 0
        for m in self.mentions[self._indexed:]:
            self._by_sentence.setdefault(m.sentence, []).append(m)
        self._indexed = len(self.mentions)
        return list(self._by_sentence.get(sentence_index, ()))
