"""The prefilter: the literal text a pattern needs, and never a match lost by skipping."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faultlines.extract.causal import CausalExtractor
from faultlines.extract.context import Attribution
from faultlines.extract.phrase_events import PhraseEvents
from faultlines.extract.prefilter import Prefiltered, Screened, needed
from faultlines.extract.relations import load_patterns


def test_a_run_of_literal_text_is_needed():
    assert needed(re.compile(r"(?P<a>⟦\d+⟧) (?:has )?declared war (?:against|on) (?P<b>⟦\d+⟧)", re.I)) \
        == ("declared war ",)


def test_an_alternation_needs_one_of_its_branches():
    assert needed(re.compile(r"(?<![\w-])(?:abducted|kidnapped)(?![\w-])")) == ("abducted", "kidnapped")


def test_optional_text_is_not_needed_and_the_longest_shortest_wins():
    assert needed(re.compile(r"(?:declared )?war")) == ("war",)
    assert needed(re.compile(r"(?:killed|shot) (?:at least )?\d+ civilians")) == (" civilians",)


def test_a_pattern_of_classes_alone_needs_nothing():
    assert needed(re.compile(r"\d+\s*\w+")) is None
    assert needed(re.compile(r"(?:x|)y?")) is None  # an empty branch: nothing is needed


def test_text_without_the_needed_words_is_not_searched_but_capitals_are_found():
    pattern = Prefiltered(re.compile(r"declared war on (?P<b>\w+)", re.I))
    text = "The Taliban DECLARED WAR ON ISIS-K."
    assert [m.group("b") for m in pattern.finditer(text, text.casefold())] == ["ISIS"]
    assert list(pattern.finditer("The Taliban made peace.", "the taliban made peace.")) == []


def test_a_screen_gives_the_patterns_whose_text_is_there_in_their_order():
    patterns = [Prefiltered(re.compile(p, re.I)) for p in
                (r"declared war", r"war", r"\d+ killed", r"(?:killed|wounded) by", r"ar")]
    screen = Screened(patterns, lambda p: p)
    assert screen.may_match("they declared war") == [patterns[i] for i in (0, 1, 4)]
    assert screen.may_match("3 were wounded by fire") == [patterns[3]]
    assert screen.may_match("peace") == []
    assert screen.may_match("peace killed by 3 killed") == [patterns[2], patterns[3]]  # each once
    assert Screened([patterns[2]], lambda p: p).may_match("x") == []
    assert Screened([Prefiltered(re.compile(r"\w+"))], lambda p: p).may_match("") != []  # needs nothing


ATTRIBUTION = Attribution()
# Each shipped screen with how its items carry their pattern.
SCREENS = [(Screened(load_patterns(), lambda p: p.regex), lambda p: p.regex),
           (CausalExtractor(ATTRIBUTION).connectors, lambda c: c.regex),
           (PhraseEvents(ATTRIBUTION).triggers, lambda t: t.regex),
           (ATTRIBUTION.modality, lambda named: named[1])]
SHIPPED = [pattern(item) for screen, pattern in SCREENS for item in screen]
WORDS = sorted({w for p in SHIPPED for n in (p.needs or ()) for w in n.split()} | {"⟦0⟧", "⟦1⟧", "the", ","})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14), st.randoms(use_true_random=False))
def test_the_shipped_patterns_find_what_they_found_without_the_prefilter(words, rnd):
    # Sentences made of the very words the patterns need, in random case, so that many match.
    text = " ".join(w.upper() if rnd.random() < 0.2 else w for w in words)
    for pattern in SHIPPED:
        assert [m.span() for m in pattern.finditer(text, text.casefold())] \
            == [m.span() for m in pattern.regex.finditer(text)], pattern.regex.pattern


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14), st.randoms(use_true_random=False))
def test_a_screen_of_shipped_patterns_gives_what_testing_each_gives(words, rnd):
    text = " ".join(w.upper() if rnd.random() < 0.2 else w for w in words)
    folded = text.casefold()
    for screen, pattern in SCREENS:
        assert screen.may_match(folded) == [item for item in screen if pattern(item).may_match(folded)]
