"""The knowledge base: the actor registry and the gazetteer, and one index of every name they know.

    kb = KnowledgeBase.load()
    kb.candidates("ISKP")   -> [Name(entity_id="isis-k", ...)]
    kb.actor("isis-k"), kb.place("place:AF-NAN")
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from faultlines.data import load_yaml
from faultlines.kb.countries import country_actors
from faultlines.kb.gazetteer import Gazetteer, Place
from faultlines.kb.registry import Actor, Registry
from faultlines.kb.text import fold, name_key

__all__ = ["Actor", "Gazetteer", "KnowledgeBase", "Name", "Place", "Registry", "name_key"]

RECENT_TEXTS = 100_000  # candidate lookups remembered (some MB)


@dataclass(frozen=True, slots=True)
class Name:
    """One way of naming an entity: the spelling, and whether case must match."""

    entity_id: str
    written: str
    case_sensitive: bool
    is_place: bool


def is_case_sensitive(alias: str) -> bool:
    """Short acronyms (ISKP, NRF, LeT, ISIS-K) only match as written: 'let' is not LeT."""
    letters = [c for c in alias if c.isalpha()]
    return len(letters) <= 6 and any(c.isupper() for c in letters[1:])


def _parent_spellings(actor: Actor, registry: Registry) -> list[str]:
    """A branch named after its parent is written with any of the parent's names: "al-Qaeda in
    the Islamic Maghreb" is also "Al-Qa'ida in the Islamic Maghreb" and "al-Qaida in ...",
    "Islamic State Khorasan Province" also "ISIS Khorasan Province"."""
    out = []
    for parent in filter(None, (registry.get(p) for p in actor.parents)):
        spellings = (parent.name, *parent.aliases)
        for own in (actor.name, *actor.aliases):
            prefix = next((p for p in spellings if own.lower().startswith(p.lower() + " ")), None)
            if prefix:
                out += [s + own[len(prefix):] for s in spellings if s != prefix]
    return out


class KnowledgeBase:
    """Registry, gazetteer and the name index over both."""

    def __init__(self, registry: Registry, gazetteer: Gazetteer):
        self.registry = registry
        self.gazetteer = gazetteer
        # Actor names are few and live in memory; place names stay in the gazetteer's index.
        self._names: dict[str, list[Name]] = defaultdict(list)
        for generated in country_actors(gazetteer.countries()):
            registry.actors.setdefault(generated.id, generated)
        # Curated actors first: where a curated and a generated actor share a name, it wins.
        ordered = sorted(registry.actors.values(), key=lambda a: a.provenance == "generated")
        for actor in ordered:
            if actor.id.startswith("state:"):
                continue  # a country's name is in the gazetteer; linking decides place or state
            for alias in (actor.name, *actor.aliases, *_parent_spellings(actor, registry)):
                self._add(Name(actor.id, alias, is_case_sensitive(alias), False))
        # keys of 8 or more characters by length, each with its place in the registry's order;
        # built on first use
        self._fuzzy_keys: dict[int, tuple[list[str], list[int]]] | None = None
        # A corpus repeats its phrases: the answers for the most recent texts are remembered.
        self._recent_candidates = lru_cache(maxsize=RECENT_TEXTS)(self._candidates)
        self._recent_fuzzy = lru_cache(maxsize=RECENT_TEXTS)(self._fuzzy)
        # For each first word of a name, the most words a name starting with it has.
        self._longest: dict[str, int] = gazetteer.first_words()
        for key in self._names:
            words = key.split()
            self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))
        self._sorted_keys = sorted(self._names)

    @classmethod
    def load(cls, user_registry: Path | None = None, gazetteer: Path | None = None) -> KnowledgeBase:
        return cls(Registry.load(user_registry), Gazetteer.open(gazetteer))

    def _add(self, name: Name) -> None:
        key = name_key(name.written)
        if key and name not in self._names[key]:
            self._names[key].append(name)

    def longest_name_from(self, first_word: str) -> int:
        """How many words the longest known name starting with `first_word` has (0: none)."""
        return self._longest.get(first_word, 0)

    def may_name(self, text: str) -> bool:
        """Whether some actor or place is written like `text` (case aside): a cheap test before
        `candidates`, for the matcher that tries every phrase."""
        key = name_key(text)
        return bool(key) and (key in self._names or _holds(self.gazetteer.keys_starting(key.split(" ", 1)[0]), key))

    def may_go_on(self, text: str) -> bool:
        """Whether some actor or place name starts with `text` and a space: the matcher reads a
        phrase word by word and stops where no name goes on."""
        words = fold(text).split()
        if not words:
            return False
        prefix = " ".join(words) + " "
        return _begins(self._sorted_keys, prefix) or _begins(self.gazetteer.keys_starting(words[0]), prefix)

    def candidates(self, text: str) -> list[Name]:
        """The entities `text` may name, respecting case for acronyms and capitals for names."""
        return list(self._recent_candidates(text))

    def _candidates(self, text: str) -> tuple[Name, ...]:
        key = name_key(text)
        places = [Name(place_id, written, is_case_sensitive(written), True)
                  for place_id, written in self.gazetteer.names_for(key)]
        found: list[Name] = []
        for name in [*self._names.get(key, ()), *places]:
            if name.case_sensitive and not _same_letters(text, name.written):
                continue
            if not name.case_sensitive and not _same_capitals(text, name.written):
                continue
            if name.entity_id not in {f.entity_id for f in found}:
                found.append(name)
        return tuple(found)

    def fuzzy_candidates(self, text: str, label: str, cutoff: float = 90) -> list[Name]:
        """Actors whose name is spelt almost like `text` ("Hayat Tahrir al Sham"); only for
        organisation and person names long enough for a spelling to mean something."""
        key = name_key(text)
        if label not in {"ORG", "PERSON"} or len(key) < 8:
            return []
        if self._fuzzy_keys is None:
            self._fuzzy_keys = {}
            for i, k in enumerate(k for k in self._names if len(k) >= 8):
                keys, order = self._fuzzy_keys.setdefault(len(k), ([], []))
                keys.append(k)
                order.append(i)
        return list(self._recent_fuzzy(key, cutoff))

    def _fuzzy(self, key: str, cutoff: float) -> tuple[Name, ...]:
        from rapidfuzz import fuzz, process

        # A ratio of c or more needs lengths within (1 - c/100) of their sum: only keys of such a
        # length can reach it (a character of slack each way). The best of each length wins,
        # a tie going to the key first in the registry's order, as one scan of all would have it.
        slack = 1 - cutoff / 100
        shortest = int(len(key) * (1 - slack) / (1 + slack)) - 1
        longest = int(len(key) * (1 + slack) / (1 - slack)) + 1
        best: tuple[float, int, str] | None = None
        for keys, order in (self._fuzzy_keys[n] for n in range(shortest, longest + 1) if n in self._fuzzy_keys):
            found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
            if found and (best is None or (found[1], -order[found[2]]) > (best[0], -best[1])):
                best = (found[1], order[found[2]], found[0])
        return tuple(self._names[best[2]][:1]) if best else ()

    def actor(self, actor_id: str) -> Actor | None:
        return self.registry.get(actor_id)

    def leader_of(self, actor_id: str, when: str | None = None) -> Actor | None:
        """The registry's leader of an actor at a date, if it knows one."""
        holders = self.registry.holders("leader", actor_id, when)
        return holders[0] if holders else None

    def place(self, place_id: str) -> Place | None:
        return self.gazetteer.get(place_id)

    def country_named(self, words: str) -> str | None:
        """The ISO code of the country words name, or whose people they name: "Pakistan",
        "Afghan", "Iraq's"; None for anything else."""
        for n in self.candidates(re.sub(r"['’]s$", "", words)):
            place = self.place(n.entity_id) if n.is_place else None
            if place is not None and place.admin_level == "country":
                return place.country
            if not n.is_place and n.entity_id.startswith(("people:", "state:")):
                return n.entity_id.split(":", 1)[1]
        return None


def _same_capitals(text: str, written: str) -> bool:
    """'Islamic state' is not the Islamic State: capitalised words must stay capitalised.

    Text in all lower or all upper case is accepted (headlines, social media).
    """
    if text.islower() or text.isupper():
        return not written[:1].isupper() or text.isupper()
    return _initials(text) == _initials(written)


# Words whose case says nothing about a name: "Al-Qaeda in the Arabian Peninsula" is the
# registry's "al-Qaeda in the Arabian Peninsula"; "Islamic state" is still not the Islamic State.
# The particles and articles are the data files' (names' particles, Arabic articles), with the
# small words a name's case says nothing of.
@lru_cache(maxsize=1)
def _caseless() -> frozenset[str]:
    particles = load_yaml("lexicons/provisional.yaml")["name_particles"]
    articles = load_yaml("places/aliases.yaml")["arabic_articles"]
    return frozenset(w.lower() for w in (*particles, *articles)) | {"ul", "wal", "the", "of", "in", "and", "for"}


def _initials(text: str) -> list[bool]:
    return [w[:1].isupper() for w in name_key_words(text) if w.lower() not in _caseless()]


def name_key_words(text: str) -> list[str]:
    """The words of a name as written, without an article: 'the Haqqani network' -> 2 words."""
    words = text.replace("-", " ").replace("–", " ").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return words


def _same_letters(text: str, written: str) -> bool:
    """ISIS-K matches 'ISIS K' and 'ISIS–K', "Al Bab" matches "Al Bāb": compare letters and
    digits only, with case, without diacritics."""
    return _bare_letters(text) == _bare_letters(written)


def _bare_letters(text: str) -> list[str]:
    return [unicodedata.normalize("NFD", c)[0] for c in text if c.isalnum()]


def _holds(keys: tuple[str, ...], key: str) -> bool:
    """Whether the sorted `keys` hold `key`."""
    i = bisect_left(keys, key)
    return i < len(keys) and keys[i] == key


def _begins(keys: list[str] | tuple[str, ...], prefix: str) -> bool:
    """Whether one of the sorted `keys` starts with `prefix`."""
    i = bisect_left(keys, prefix)
    return i < len(keys) and keys[i].startswith(prefix)
