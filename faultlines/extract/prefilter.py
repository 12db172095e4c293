"""Which patterns a sentence can match at all, told by the words they cannot match without.

The relation patterns, causal connectors and event phrases are dozens of regular expressions, each
run over every sentence, and nearly all of them find nothing. Each is read once for the literal
text any match must contain ("declared war ", or one of "killed"/"wounded"); a sentence that
holds none of it is not searched. The answer is the same, found sooner.

Both sides are case-folded (`str.casefold`, character by character), so a pattern written with
`re.IGNORECASE` is still found in "DECLARED WAR".

Where many patterns are tried on every sentence (`Screened`), the strings they all need are found
in one pass over the sentence (an Aho-Corasick automaton), not one substring test each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

import ahocorasick

try:  # the parser of Python's own `re`, whose name changed in 3.11
    from re import _constants as _sre
    from re import _parser as _parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _parse

_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}


def needed(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of `regex` contains (case-folded), or None when the
    pattern requires no literal text worth testing for."""
    found = _needed(_parse.parse(regex.pattern, regex.flags))
    return tuple(sorted(found)) if found else None


def _needed(sequence) -> frozenset[str] | None:
    """The best set for a sequence of parsed items: a run of literal characters, or the set of a
    group, alternation or repetition that cannot be skipped. Best: its shortest string longest."""
    options: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            options.append(frozenset({"".join(run).casefold()}))
            run.clear()

    for op, arg in sequence:
        if op is _sre.LITERAL:
            run.append(chr(arg))
            continue
        close_run()
        if op is _sre.SUBPATTERN:
            found = _needed(arg[-1])
        elif op is _sre.BRANCH:
            each = [_needed(branch) for branch in arg[1]]
            found = frozenset().union(*each) if all(each) else None
        elif op in _REPEATS:
            found = _needed(arg[2]) if arg[0] >= 1 else None
        else:
            found = None
        if found:
            options.append(found)
    close_run()
    options = [o for o in options if all(o)]  # an empty string is in every text
    return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)


class Prefiltered:
    """A compiled pattern, searched only in texts that hold one of the strings it needs."""

    __slots__ = ("regex", "needs")

    def __init__(self, regex: re.Pattern[str]):
        self.regex = regex
        self.needs = needed(regex)

    def may_match(self, folded: str) -> bool:
        """Whether a text whose case-folded form is `folded` may match."""
        return self.needs is None or any(map(folded.__contains__, self.needs))

    def finditer(self, text: str, folded: str) -> Iterator[re.Match[str]]:
        """`regex.finditer(text)`; `folded` is `text.casefold()`, made once for all patterns."""
        return self.regex.finditer(text) if self.may_match(folded) else iter(())

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        """`regex.search(text)`, `folded` as for `finditer` (made here when not given)."""
        return self.regex.search(text) if self.may_match(text.casefold() if folded is None else folded) else None


T = TypeVar("T")


class Screened(Generic[T]):
    """Items that each carry a `Prefiltered` pattern, in their order. `may_match(folded)` gives
    those whose pattern may match, in that order: the same as testing each pattern's strings, found
    in one pass over the text however many patterns there are."""

    def __init__(self, items: Sequence[T], pattern: Callable[[T], Prefiltered]):
        self.items = tuple(items)
        self._always = frozenset(i for i, item in enumerate(self.items) if pattern(item).needs is None)
        wanted: dict[str, list[int]] = {}
        for i, item in enumerate(self.items):
            for needle in pattern(item).needs or ():
                wanted.setdefault(needle, []).append(i)
        self._automaton = ahocorasick.Automaton() if wanted else None
        for needle, indices in wanted.items():
            self._automaton.add_word(needle, tuple(indices))
        if self._automaton is not None:
            self._automaton.make_automaton()

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def may_match(self, folded: str) -> list[T]:
        """The items whose pattern may match a text whose case-folded form is `folded`."""
        found = set(self._always)
        if self._automaton is not None:
            for _, indices in self._automaton.iter(folded):
                found.update(indices)
        return [self.items[i] for i in sorted(found)]
