"""Plain text and Markdown: recover title, author, date and publisher, drop page furniture.

A text pasted from a news site typically reads: a title line, a date line ("Published November
9th, 2021 - 11:58 GMT"), maybe a teaser, a byline ("By ..."), the body, then site boilerplate
("© 2000 - 2021 Publisher", "You may also like"). The patterns live in
`data/lexicons/page_furniture.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from faultlines.data import load_yaml
from faultlines.dates import find_date, parse_date

_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d{2}\s*(?:[-–]\s*(?:19|20)\d{2})?)?\s*"
    r"(?P<value>[^()|,.\d][^()|,.]*?)\s*(?:[(|,.].*)?$",
    re.I,
)
_BYLINE_SEPARATOR = re.compile(r"\s+[—–|-]\s+|,\s+|\s+on\s+")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


@dataclass(frozen=True)
class PageFurniture:
    """The compiled patterns of page_furniture.yaml."""

    trailing: tuple[re.Pattern[str], ...]
    trailing_window: int
    header: dict[str, re.Pattern[str]]
    header_window: int

    @classmethod
    def load(cls) -> PageFurniture:
        data = load_yaml("lexicons/page_furniture.yaml")
        return cls(
            trailing=tuple(re.compile(p, re.I) for p in data["trailing"]),
            trailing_window=int(data["trailing_window"]),
            header={k: re.compile(p, re.I) for k, p in data["header"].items()},
            header_window=int(data["header_window"]),
        )


@dataclass
class CleanedText:
    """Body text and the metadata found around it."""

    text: str
    meta: dict[str, str]


class TextCleaner:
    """Cleans pasted web pages and Markdown files."""

    @cached_property
    def furniture(self) -> PageFurniture:
        return PageFurniture.load()

    def clean(self, raw: str, markdown: bool = False) -> CleanedText:
        lines = [line.rstrip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        if markdown:
            lines = [_strip_markdown(line) for line in lines]
        meta: dict[str, str] = {}
        lines = self._drop_trailing(lines, meta)
        lines = self._take_header(lines, meta)
        text = _join_paragraphs(lines)
        return CleanedText(text=text, meta=meta)

    def _drop_trailing(self, lines: list[str], meta: dict[str, str]) -> list[str]:
        nonempty = [i for i, line in enumerate(lines) if line.strip()]
        window = nonempty[-self.furniture.trailing_window:]
        for i in window:
            line = lines[i].strip()
            if any(p.fullmatch(line) for p in self.furniture.trailing):
                for j in range(i, len(lines)):
                    found = _COPYRIGHT.match(lines[j].strip())
                    if found and found.group("value").strip():
                        meta.setdefault("publisher", found.group("value").strip())
                        break
                # Keep at least one paragraph: a document that is all "furniture" is not one.
                if any(line.strip() for line in lines[:i]):
                    return lines[:i]
        return lines

    def _take_header(self, lines: list[str], meta: dict[str, str]) -> list[str]:
        nonempty = [i for i, line in enumerate(lines) if line.strip()]
        if not nonempty:
            return lines
        first = nonempty[0]
        if _is_title(lines, first):
            meta["title"] = lines[first].strip()
            lines = lines[:first] + [""] + lines[first + 1:]
            nonempty = nonempty[1:]
        drop: set[int] = set()
        for i in nonempty[: self.furniture.header_window]:
            line = lines[i].strip()
            field = self._header_field(line, meta)
            if field:
                drop.add(i)
            elif "published" not in meta and _is_date_line(line):
                meta["published"] = parse_date(line) or ""
                drop.add(i)
        if "author" in meta:
            # A teaser printed above the byline usually repeats a body paragraph: drop it.
            body = "\n".join(lines[max(drop) + 1:]) if drop else ""
            for i in nonempty:
                if drop and i < max(drop) and i not in drop and lines[i].strip() in body:
                    drop.add(i)
        return [line for i, line in enumerate(lines) if i not in drop]

    def _header_field(self, line: str, meta: dict[str, str]) -> str | None:
        for field, pattern in self.furniture.header.items():
            m = pattern.fullmatch(line)
            if not m or field in meta:
                continue
            value = m.group("value").strip()
            if field == "author":
                value = self._split_byline(value, meta)
            if field == "published":
                value = parse_date(value) or ""
                if not value:
                    continue
            meta[field] = value
            return field
        return None

    def _split_byline(self, value: str, meta: dict[str, str]) -> str:
        """'Jane Doe — 12 February 2024' gives the author and the publication date."""
        published = parse_date(value)
        if published:
            meta.setdefault("published", published)
            value = _BYLINE_SEPARATOR.split(value, maxsplit=1)[0]
        return value.strip()


def _is_date_line(line: str) -> bool:
    """A line that is a date and little else ("March 3, 2023", "Updated 9 Nov 2021 11:58 GMT")."""
    found = find_date(line)
    return bool(found) and len(line) - (found[2] - found[1]) <= 20 and not line.endswith(".")


def _is_title(lines: list[str], i: int) -> bool:
    """A first line that is short, has no final full stop and stands alone is a title."""
    line = lines[i].strip()
    stands_alone = i + 1 >= len(lines) or not lines[i + 1].strip()
    return 3 <= len(line) <= 200 and not line.endswith((".", ",", ";")) and stands_alone


def _strip_markdown(line: str) -> str:
    line = _MARKDOWN_HEADING.sub("", line)
    return _MARKDOWN_EMPHASIS.sub(r"\2", line)


def _join_paragraphs(lines: list[str]) -> str:
    """Paragraphs separated by one blank line; lines inside a paragraph kept as they are."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(p) for p in paragraphs if p)
