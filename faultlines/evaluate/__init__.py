"""Evaluation: scoring faultlines against annotated data, for docs/benchmarks.md and the quality gates."""


# Pronouns: the name-scoring measures leave them out for every system scored (they name no one).
PRONOUNS = frozenset({"he", "she", "it", "they", "his", "her", "its", "their", "him", "them", "we", "i", "you",
                      "our", "us", "my", "me", "your", "hers", "himself", "herself", "themselves"})


def is_pronoun(word: str) -> bool:
    """A pronoun ("we", "Our"), not a name written like one ("US")."""
    word = word.strip()
    return word.lower() in PRONOUNS and not (word.isupper() and len(word) > 1)


def name_start(text: str, start: int, end: int) -> int | None:
    """Where a found span's name starts as name corpora mark names, without a leading article
    ("Dow", not "The Dow"); None when it names no one: a pronoun or a common noun ("the town")."""
    words = text[start:end].split()
    if not words or is_pronoun(words[0]) or refers_by_noun(text[start:end]):
        return None
    return start + 4 if len(words) > 1 and text[start:start + 4].lower() == "the " else start


def refers_by_noun(text: str) -> bool:
    """A mention that refers back by a common noun ("the town", "this province"): no name, so no
    name scorer counts it."""
    words = text.split()
    return (len(words) > 1 and words[0].lower() in ("the", "this", "that")
            and not any(w[:1].isupper() for w in words[1:]))


def offset_in(text: str, analysed: str) -> int:
    """Where the analysed document's text starts in the text given (ingest strips its ends)."""
    return text.index(analysed[:50]) if analysed else 0
