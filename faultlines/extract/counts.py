"""Counts of people in a sentence: killed, injured, abducted, arrested.

    count_of("twenty-three") -> 23     count_of("dozens") -> 12 (ACLED's reading of vague numbers)
    count_in(head of "at least 20 soldiers") -> 20

Numbers in words are in `lexicons/numbers.yaml`, vague ones in `lexicons/events_parse.yaml`.
Only digit strings ever reach int(): no text can make a count fail.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Token

from faultlines.data import load_yaml
from faultlines.extract.roles import coordinated, number_of, preposition


def count_in(head: Token) -> int | None:
    """The number a noun phrase gives: '6 soldiers' -> 6, 'at least 20' -> 20, 'dozens' -> 12."""
    for h in coordinated(head)[:1]:
        number = number_of(h)
        if number is not None:
            whole = number.doc[number.left_edge.i:number.i + 1].text  # "Twenty-three"
            return count_of(whole) or count_of(number.text)
        found = count_of(h.text)
        if found is not None:
            return found
    return None


def counted(head: Token) -> Token:
    """'dozens of fighters', 'scores of civilians', 'hundreds of protesters': what is counted."""
    if count_of(head.text) is None and not head.like_num:
        return head
    of = [c for c in head.children if c.dep_ == "nmod" and preposition(c) == "of"]
    return of[0] if of else head


def count_before(verb: Token) -> int | None:
    """'587 people killed', '12 killed': a number right before the verb, through one noun, where
    the parse hung it elsewhere."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].lower_ in ("were", "was", "been", "have", "had", "being", "reportedly"):
        i -= 1
    if i >= 0 and doc[i].pos_ in ("NOUN", "PROPN") and not doc[i].like_num:
        i -= 1
    if i < 0 or (i == verb.i - 1 and not doc[i].like_num):
        return None  # the word right before the verb, and no number
    return count_of(doc[i].text)


@cache
def _number_words() -> dict[str, int]:
    words = {k.lower(): int(v) for k, v in load_yaml("lexicons/numbers.yaml")["words"].items()}
    words.update({k.lower(): int(v) for k, v in load_yaml("lexicons/events_parse.yaml")["vague_counts"].items()})
    return words


def count_of(text: str) -> int | None:
    """A count written in digits or words: '20' -> 20, '1,200' -> 1200, 'eleven' -> 11, 'dozens'
    -> 12 (ACLED's conservative reading of vague numbers). None for anything else, by construction:
    only digit strings reach int()."""
    text = text.strip().lower()
    digits = text.replace(",", "")
    if digits.isascii() and digits.isdigit() and len(digits) <= 7:
        return int(digits)
    words = _number_words()
    parts = re.split(r"[-\s]+", text)
    if len(parts) == 2 and all(p in words for p in parts) and words[parts[0]] % 10 == 0 < words[parts[1]] < 10:
        return words[parts[0]] + words[parts[1]]  # "twenty-three"
    return words.get(text)
