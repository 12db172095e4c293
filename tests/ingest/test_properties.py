"""Issue 17, property-based: over random and mutated bytes, no exception escapes a reader, and every
failure is one the readers foresaw (an InputError with its reason), never an unexpected one."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faultlines.ingest import ReadFailure, iter_documents
from faultlines.ingest.limits import Limits
from faultlines.ingest.records import REPORT_HINT
from faultlines.model import Document
from tests.ingest.hostile import docx_bytes, html_page, pdf_bytes, warc_bytes

pytestmark = pytest.mark.issue(17)
REPORT = "Fighters of JNIM attacked an army post in Djibo on Monday, officials said. Nine soldiers died."
SEEDS = {
    ".txt": REPORT.encode("latin-1"),
    ".html": html_page("Djibo", REPORT).encode(),
    ".json": json.dumps({"title": "Djibo", "text": REPORT, "date": "2024-09-03"}).encode(),
    ".jsonl": "\n".join(json.dumps({"text": f"{REPORT} {i}"}) for i in range(3)).encode(),
    ".csv": f'title,text\nDjibo,"{REPORT}"\nAgain,"{REPORT} Again."\n'.encode(),
    ".rss": (f'<?xml version="1.0"?><rss version="2.0"><channel><title>M</title><item><title>D</title>'
             f"<description>{REPORT}</description></item></channel></rss>").encode(),
    ".warc.gz": warc_bytes([("https://example.org/d", html_page("Djibo", REPORT).encode(), "")]),
    ".docx": docx_bytes([REPORT, "Second paragraph."], title="Djibo"),
    ".pdf": pdf_bytes([REPORT]),
}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(tmp_path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    for item in iter_documents(path, Limits(max_bytes=200_000)):  # would raise here if anything escaped
        assert isinstance(item, Document | ReadFailure)
        if isinstance(item, ReadFailure):
            assert REPORT_HINT not in item.reason, item.reason
            assert "\n" not in item.reason


@SETTINGS
@given(suffix=st.sampled_from(sorted(SEEDS)), data=st.binary(max_size=2000))
def test_random_bytes_never_escape_a_reader(tmp_path, suffix, data):
    check(tmp_path, suffix, data)


@st.composite
def mutated(draw):
    """A good file of some format with bytes flipped, cut, inserted or duplicated."""
    suffix = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[suffix])
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "repeat"]))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16) | st.sampled_from(
                [b"\\ud800", b"[[[[[[[[", b"\x00", b'"', b"\n", b"99999999999999999999", b"\xff\xfe"]))
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 200))] * draw(st.integers(2, 50))
    return suffix, bytes(data)


@SETTINGS
@given(case=mutated())
def test_mutated_files_never_escape_a_reader(tmp_path, case):
    check(tmp_path, *case)


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_the_seeds_are_read(tmp_path, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(SEEDS[suffix])
    items = list(iter_documents(path))
    assert items and all(isinstance(i, Document) for i in items), items
