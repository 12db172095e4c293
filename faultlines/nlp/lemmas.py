"""Dictionary forms of a word, for looking words up in the project's vocabularies."""

from __future__ import annotations

from spacy.tokens import Token


def lemmas(token: Token) -> list[str]:
    """The token's lemma and the dictionary forms its inflection allows, most likely first: the
    trained lemmatizer errs on rarer verbs ("stormed" -> "storme"), a lookup needs the right one."""
    word, lemma = token.lower_, token.lemma_.lower()
    out = [lemma, word]
    for suffix, replacement in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
                                ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + replacement
            out.append(stem)
            if not replacement and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                out.append(stem[:-1])  # "kidnapped" -> "kidnap"; "shelled" stays "shell"
    if token.tag_ == "VBN" and word.endswith("en") and len(word) >= 5:
        out += [word[:-2], word[:-1]]  # "beaten" -> "beat", "taken" -> "take"
    if word.endswith("men") and len(word) > 4:
        out.append(word[:-3] + "man")  # "gunmen", "militiamen", "policemen"
    return list(dict.fromkeys(out))
