"""Saved web pages: the main text and its metadata, through trafilatura."""

from __future__ import annotations

import warnings

from faultlines.dates import parse_date
from faultlines.errors import InputError


def extract_html(html: str, name: str) -> tuple[str, dict[str, str]]:
    """The article text of a page (paragraphs separated by blank lines) and its metadata."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lxml deprecation chatter, not the user's concern
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=True,
        )
    fields = result.as_dict() if result is not None and hasattr(result, "as_dict") else result
    text = (fields or {}).get("text") or ""
    if not text.strip():
        raise InputError(
            f"{name}: no article text found in this HTML page; save the article page itself, "
            "or paste its text into a .txt file"
        )
    title = (fields.get("title") or "").strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and title and lines[0] == title:
        lines = lines[1:]  # trafilatura repeats the headline as the first line
    meta = {
        "title": title,
        "author": fields.get("author") or "",
        "publisher": fields.get("sitename") or "",
        "published": parse_date(fields.get("date")) or "",
        "url": fields.get("url") or "",
    }
    return "\n\n".join(lines), {k: v for k, v in meta.items() if v}
