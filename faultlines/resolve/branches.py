"""Branches named by their parent and a place: "the Islamic State's Sahel branch", "ISIS in
Afghanistan", "al-Qaeda's Yemeni affiliate", "IS in the Sahel".

The registry knows the branches (an armed group whose `parents` hold the parent) and where they are
(`countries`, and a place in the name: "Islamic State Sahel Province"). A parent's mention
followed by such a place becomes one mention of the branch, when exactly one branch fits; the
place inside the phrase is no place of its own. "In" makes a branch only where the parse hangs
the place on the group ("ISIS in Afghanistan claimed ..."), not on a verb ("the fight against
Daesh in Iraq" is the group's war there).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from faultlines.kb import KnowledgeBase, name_key
from faultlines.model import ARMED_KINDS
from faultlines.resolve.mentions import LinkedMention

_BRANCH_WORDS = r"(?:branch|province|affiliate|franchise|wing|offshoot|chapter|arm|faction)"
_DESCRIBING = {"acl", "amod", "compound"}


def read_branches(doc: Doc, text: str, mentions: list[LinkedMention], kb: KnowledgeBase) -> list[LinkedMention]:
    """The mentions, with "<parent>'s <place> branch" and "<parent> in <place>" made the branch."""
    out = list(mentions)
    places = {m.start: m for m in mentions if m.kind == "place"}
    for parent in [m for m in mentions if m.kind in ARMED_KINDS and not m.generic]:
        gap = text[parent.end:parent.end + 12]
        possessive = re.match(r"['’]s\s+", gap)
        located = re.match(r"\s+in\s+(?:the\s+)?", gap)
        if not (possessive or located):
            continue
        place = places.get(parent.end + (possessive or located).end())
        if place is None or (located and not _on_the_group(doc, parent, place)):
            continue
        end = place.end
        if possessive:
            word = re.match(rf"\s+{_BRANCH_WORDS}\b", text[place.end:place.end + 16], re.I)
            if word is None:
                continue  # "the Islamic State's Sahel fighters" may still be the parent's
            end = place.end + word.end()
        branch = _branch(kb, parent.entity_id, place)
        if branch is None:
            continue
        out = [m for m in out if m is not parent and m is not place]
        out.append(LinkedMention(parent.start, end, text[parent.start:end], branch.id, branch.kind,
                                 parent.sentence))
    return _branches_at_work(doc, sorted(out, key=lambda m: m.start), kb)


def _branches_at_work(doc: Doc, mentions: list[LinkedMention], kb: KnowledgeBase) -> list[LinkedMention]:
    """In a document that names a branch, its parent's fighters described where the branch works
    are the branch's: "ISIS fighters active in provinces of Afghanistan", in a report about ISKP.
    The place must describe the parent's phrase, no verb between them ("ISIS attacked
    posts in Nangarhar" says where ISIS attacked), and the sentence must not name the branch."""
    named = {m.entity_id for m in mentions if not m.generic}
    by_sentence: dict[int, list[LinkedMention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    out = list(mentions)
    for k, parent in enumerate(mentions):
        if parent.kind not in ARMED_KINDS or parent.generic:
            continue
        same = by_sentence[parent.sentence]
        if any(m.entity_id in named and parent.entity_id in _parents_of(kb, m.entity_id) for m in same):
            continue  # "ISIS and its Afghan branch, ISKP": both are meant
        for place in (m for m in same if m.kind == "place" and m.start >= parent.end):
            if _verb_between(doc, parent.end, place.start):
                break
            branch = _branch(kb, parent.entity_id, place)
            if branch is not None and branch.id in named:
                out[k] = LinkedMention(parent.start, parent.end, parent.text, branch.id, branch.kind,
                                       parent.sentence, generic=True)
                break
    return out


def _parents_of(kb: KnowledgeBase, actor_id: str) -> tuple[str, ...]:
    actor = kb.actor(actor_id)
    return tuple(actor.parents) if actor else ()


def _verb_between(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    # A participle describing a noun ("fighters based in Kunar") is no clause of its own.
    return span is None or any(t.pos_ in ("VERB", "AUX") and t.dep_ not in _DESCRIBING for t in span)


def _on_the_group(doc: Doc, parent: LinkedMention, place: LinkedMention) -> bool:
    """Whether the parse hangs the place on the group's words ("ISIS in Afghanistan": nmod of
    ISIS) or beside them in a noun phrase, not on a verb ("fight Daesh in Iraq": obl of fight)."""
    where = doc.char_span(place.start, place.end, alignment_mode="expand")
    words = doc.char_span(parent.start, parent.end, alignment_mode="expand")
    if where is None or words is None:
        return False
    if where.root.dep_ not in ("nmod", "prep", "pobj"):
        return False
    # On the group, or on the noun the group itself hangs on ("the future of ISIS in
    # Afghanistan": a noun phrase about the group there, however the parser attaches it).
    return words.start <= where.root.head.i < words.end or (
        words.root.dep_ == "nmod" and where.root.head.i == words.root.head.i)


def _branch(kb: KnowledgeBase, parent_id: str, place: LinkedMention):
    """The one regional branch of `parent_id` in the place's country, away from the parent's home,
    or, for a region across countries ("the Sahel"), the one whose name holds the region's; None
    when none or several fit."""
    branches = [a for a in kb.registry.children(parent_id) if a.kind in ARMED_KINDS]
    where = kb.place(place.entity_id)
    if where is None:
        return None
    if where.admin_level == "region":
        named = name_key(where.name)
        fits = [a for a in branches if any(f" {named} " in f" {name_key(n)} " for n in (a.name, *a.aliases))]
    elif where.country and where.admin_level in ("country", "admin1"):
        # A group at home is itself ("al-Shabaab in Somalia"), and a wing that works by function
        # (a faction: "Amniyat") is not named by a place.
        parent = kb.actor(parent_id)
        home = parent.countries[:1] if parent else []
        fits = [a for a in branches if where.country in a.countries and where.country not in home
                and a.kind == "armed_group"]
    else:
        fits = []
    return fits[0] if len(fits) == 1 else None
