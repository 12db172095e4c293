"""The pipeline: ingest -> nlp -> resolve -> extract, one visible loop per document.

    pipeline = Pipeline.load()                 # knowledge base, language model, extractors
    analysis = pipeline.analyze(document)      # -> Analysis (the JSON contract)
    analyses = pipeline.analyze_many(documents)  # the same, the language model run in one batch
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path

from spacy.language import Language

from faultlines.extract import Extractors
from faultlines.ingest.limits import Limits
from faultlines.kb import KnowledgeBase
from faultlines.model import Analysis, Document, Entity, Span
from faultlines.nlp import annotate, load_language
from faultlines.nlp.provisional import ProvisionalRules
from faultlines.resolve import Linker
from faultlines.resolve.nominal import NominalActors

# A text longer than this is analysed in pieces of about this size (characters): long enough that
# few facts straddle an edge, short enough that the parser's memory stays small.
PIECE_CHARS = 100_000


@dataclass
class Pipeline:
    """Everything loaded once and reused for every document."""

    kb: KnowledgeBase
    nlp: Language
    linker: Linker
    extractors: Extractors
    provisional: ProvisionalRules
    piece_chars: int = PIECE_CHARS

    @classmethod
    def load(cls, model: str | None = None, user_registry: Path | None = None) -> Pipeline:
        kb = KnowledgeBase.load(user_registry)
        rules = ProvisionalRules.load()
        return cls(kb, load_language(model), Linker(kb, rules), Extractors(NominalActors(kb)), rules)

    def analyze(self, document: Document) -> Analysis:
        if len(document.text) > self.piece_chars:
            return self._in_pieces(document)
        return self._finish(document, self.nlp(document.text))

    def analyze_many(self, documents: list[Document]) -> list[Analysis]:
        """The same as `analyze` for each, with the language model run over them in one batch
        (spaCy is faster on batches)."""
        short = [d for d in documents if len(d.text) <= self.piece_chars]
        parsed = iter(self.nlp.pipe([d.text for d in short], batch_size=max(1, len(short))))
        return [self._finish(d, next(parsed)) if len(d.text) <= self.piece_chars else self._in_pieces(d)
                for d in documents]

    def _in_pieces(self, document: Document) -> Analysis:
        """A long text read in pieces split between paragraphs, one after the other: time and
        memory grow with its length, not faster, and spaCy's length limit never applies. The
        pieces' facts are joined as one document's (an actor or place is one entity however many
        pieces name it); what links across a piece's edge is lost, a piece being many paragraphs."""
        parts = []
        for start, text in split_pieces(document.text, self.piece_chars):
            part = self._finish(replace(document, text=text), self.nlp(text))
            # The part keeps its facts, not its piece of text: the whole is kept once.
            parts.append((start, replace(part, document=document)))
        return joined(document, parts)

    def _finish(self, document: Document, parsed) -> Analysis:
        doc = annotate(self.nlp, self.kb, parsed, self.provisional)
        resolved = self.linker.resolve(document, doc)
        facts = self.extractors.extract(resolved)
        return Analysis(
            document=document,
            entities=tuple(resolved.entities.values()),
            relations=tuple(facts.relations),
            events=tuple(facts.events),
            claims=tuple(facts.claims),
            causal_links=tuple(facts.causal_links),
        )


def split_pieces(text: str, size: int) -> Iterator[tuple[int, str]]:
    """`text` cut into pieces of at most `size` characters, each with its offset: at the last
    paragraph break of a piece, else its last line break, sentence end or space. One at a time, so
    only the piece being read is held beside the text."""
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((window.rfind(mark) + len(mark) for mark in ("\n\n", "\n", ". ", " ")
                    if window.rfind(mark) > size // 2), size)
        yield start, window[:cut]
        start += cut
    yield start, text[start:]


def joined(document: Document, parts: list[tuple[int, Analysis]]) -> Analysis:
    """One document's analysis from its pieces' (each with its offset in the text)."""
    entities: dict[str, Entity] = {}
    facts: dict[str, list] = {"relations": [], "events": [], "claims": [], "causal_links": []}
    for offset, part in parts:
        for entity in part.entities:
            entity = shifted(entity, offset)
            known = entities.get(entity.id)
            entities[entity.id] = entity if known is None else replace(
                known, mentions=known.mentions + entity.mentions,
                aliases=tuple(dict.fromkeys(known.aliases + entity.aliases)))
        for name, found in facts.items():
            found += [shifted(fact, offset) for fact in getattr(part, name)]
    return Analysis(document=document, entities=tuple(entities.values()),
                    **{name: tuple(found) for name, found in facts.items()})


def shifted(record, offset: int):
    """A record with every text span in it (mentions, evidence, at any depth) moved by `offset`."""
    if isinstance(record, Span):
        return Span(record.start + offset, record.end + offset, record.text)
    if isinstance(record, tuple):
        return tuple(shifted(item, offset) for item in record)
    if is_dataclass(record) and not isinstance(record, type):
        changes = {f.name: shifted(getattr(record, f.name), offset) for f in fields(record)
                   if f.init and _holds_spans(getattr(record, f.name))}
        return replace(record, **changes) if changes else record
    return record


def _holds_spans(value) -> bool:
    if isinstance(value, tuple):
        return any(_holds_spans(v) for v in value)
    return isinstance(value, Span) or (is_dataclass(value) and not isinstance(value, type))


def analyze_file(path: str | Path, pipeline: Pipeline, store=None, limits: Limits | None = None) -> list[Analysis]:
    """Read every document in a file (within `limits`, the defaults if not given), analyze each,
    and save each to `store` if given.

    Reading happens before anything is written, so a file that cannot be read leaves the store
    untouched; each document is saved in its own transaction.
    """
    from faultlines.ingest import read_documents

    documents = read_documents(path, limits=limits)
    analyses = [pipeline.analyze(document) for document in documents]
    if store is not None:
        for analysis in analyses:
            store.save(analysis)
    return analyses
