"""Who "I" and "we" are: the speaker of the quote or statement they are in, else the document's
author.

    "We will fight on," a Taliban spokesman said.      -> we: the Taliban
    Minister John Smith said: "I am deeply concerned"  -> I: John Smith
    The UK condemns the attack. We call on ...         -> we: the author (a statement's voice)

A speaker is the subject of a verb of saying (`attribution.yaml`'s `speech_verbs`) in the
pronoun's sentence or, for a statement introduced by "X said:", in an earlier one. "We" outside
quotation marks, with no speaker, is the document's author: an entity of its own, named after the
publisher when the document has one ("generic:author"), so that "We condemn the attack" is a fact
stated by whoever wrote it.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Token

from faultlines.nlp import positions
from faultlines.resolve.mentions import LinkedMention

AUTHOR = "generic:author"
_SINGULAR = {"i", "me", "my"}
_PLURAL = {"we", "us", "our"}
_GROUPS = ("armed_group", "faction", "organisation", "international_org", "political_party",
           "government", "state")
_QUOTED = re.compile(r"“[^”\n]{1,3000}”|\"[^\"\n]{1,3000}\"")
# A statement's speaker speaks on for a few sentences ("X said: ... I ... We ...").
_STATEMENT_SENTENCES = 6


def read_voices(doc: Doc, text: str, mentions: list[LinkedMention], sentence_of: dict[int, int],
                speech_verbs: frozenset[str]) -> list[LinkedMention]:
    """Mentions for the first-person pronouns whose speaker the document says."""
    speakers = _speakers(doc, mentions, speech_verbs)
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    found = []
    for token in doc:
        word = token.lower_
        if word not in _SINGULAR and word not in _PLURAL:
            continue
        if word == "us" and token.text == "US":
            continue  # the country
        sentence = sentence_of[token.i]
        inside = any(a < token.idx < b for a, b in quoted)
        person, group = _speaker_for(speakers, sentence, inside)
        if word in _SINGULAR:
            who = person
        elif group is not None:
            who = group
        elif inside:
            who = None  # a quote whose speaker's side the text does not say
        else:  # a statement's "we", whoever reads it out: the institution that issued it
            who = LinkedMention(0, 0, "", AUTHOR, "organisation", sentence, generic=True)
        if who is not None:
            found.append(LinkedMention(token.idx, token.idx + len(token.text), token.text, who.entity_id,
                                       who.kind, sentence, generic=True))
    return found


def _speakers(doc: Doc, mentions: list[LinkedMention], speech_verbs: frozenset[str]):
    """Per sentence, the person and the group that are the subject of a verb of saying: in "a
    Taliban spokesman said", the group is the Taliban."""
    in_sentence: dict[int, list[LinkedMention]] = {}
    for m in mentions:
        in_sentence.setdefault(m.sentence, []).append(m)
    by_sentence: dict[int, tuple[LinkedMention | None, LinkedMention | None]] = {}
    starts = [sent.start for sent in doc.sents]
    verbs: dict[int, list] = {}
    for t in positions(doc, speech_verbs):
        verbs.setdefault(bisect_right(starts, t) - 1, []).append(doc[t])
    for i in verbs:
        person = group = None
        for verb in verbs[i]:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
                inside = [m for m in _within(subject, in_sentence.get(i, []))
                          if not m.generic or m.kind == "person"]
                person = person or next((m for m in inside if m.kind == "person"), None)
                group = group or next((m for m in inside if m.kind in _GROUPS), None)
        if person or group:
            by_sentence[i] = (person, group)
    return by_sentence


def _within(subject: Token, mentions: list[LinkedMention]) -> list[LinkedMention]:
    lo, hi = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text)
    return [m for m in mentions if lo <= m.start and m.end <= hi]


def _speaker_for(speakers, sentence: int, quoted: bool):
    """The speaker of a sentence: its own, else (a quote that runs on, or a statement introduced
    by "X said:") the nearest one in the sentences just before."""
    if sentence in speakers:
        return speakers[sentence]
    for earlier in range(sentence - 1, max(-1, sentence - _STATEMENT_SENTENCES - 1), -1):
        if earlier in speakers:
            return speakers[earlier]
    return None, None
