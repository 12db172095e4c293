"""Issue 17: nothing a user feeds the readers stops the work, loses good data or takes the machine
down. Each case of the issue, then the hostile corpus through `faultlines ingest`."""

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from faultlines.cli import main
from faultlines.corpus import ingest
from faultlines.engines import Outcome
from faultlines.errors import InputError
from faultlines.ingest import ReadFailure, iter_documents, read_documents
from faultlines.ingest.limits import Limits
from faultlines.model import Analysis
from faultlines.store import Store
from tests.ingest.hostile import MAX_MB, MAX_TEXT_MB, build, docx_bytes, pdf_bytes, warc_bytes

pytestmark = pytest.mark.issue(17)
REPORT = "Fighters of JNIM attacked an army post in Djibo on Monday, officials said."


class Recorder:
    """An engine that analyses nothing: reading, failures and counts are what is under test."""

    def run(self, documents):
        for document in documents:
            yield Outcome(document, Analysis(document))

    def close(self):
        pass


def outcomes(path, **limits):
    items = list(iter_documents(path, Limits(**limits)))
    return [i for i in items if not isinstance(i, ReadFailure)], [i for i in items if isinstance(i, ReadFailure)]


def test_csv_field_over_128_kb_is_read(tmp_path):
    path = tmp_path / "long.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([["title", "text"], ["Long", REPORT + " More." * 40_000], ["Short", REPORT + " Again."]])
    path.write_text(buffer.getvalue())
    docs, failed = outcomes(path)
    assert not failed and len(docs) == 2 and len(docs[0].text) > 200_000


def test_jsonl_bad_lines_fail_alone_and_good_lines_are_kept(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = [json.dumps({"text": f"{REPORT} Report {i}."}) for i in range(3)]
    lines = [good[0], "[" * 10_000 + "]" * 10_000, '{"text": "Shelling \\ud800 in Raqqa."}',
             '{"text": "Fighting in Goma.", "n": ' + "9" * 5000 + "}", good[1], "{not json", good[2]]
    path.write_text("\n".join(lines))
    docs, failed = outcomes(path)
    assert len(docs) == 3
    assert [f.record for f in failed] == [2, 3, 4, 6]
    reasons = " | ".join(f.reason for f in failed)
    assert "nested 10000 levels deep, above the limit of 64" in reasons
    assert "lone UTF-16 surrogate" in reasons and "5000 digits, above the limit of 100" in reasons
    assert "line 6: invalid JSON" in reasons


@pytest.mark.parametrize("text, reason", [
    ('{"text": "Shelling in Raqqa.", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested 100001 levels deep"),
    ('{"text": "Shelling in Raqqa \\ud800."}', "lone UTF-16 surrogate"),
    ('{"text": "Shelling in Raqqa.", "title": "\\udc00"}', "lone UTF-16 surrogate"),
    ('{"text": "Shelling in Raqqa.", "id": ' + "1" * 5000 + "}", "a number with 5000 digits"),
])
def test_json_hostile_values_are_one_line_errors(tmp_path, text, reason):
    path = tmp_path / "doc.json"
    path.write_text(text)
    with pytest.raises(InputError, match=reason):
        read_documents(path)


def test_surrogate_does_not_lose_the_good_documents_of_its_batch(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": f"{REPORT} Number {i}."} for i in range(5)])[:-1]
                    + ', {"text": "Clashes in Herat.", "title": "Herat \\ud800"}]')
    with Store(tmp_path / "s.db") as store:
        summary = ingest([path], store, Recorder(), batch=32, near_duplicates=False)
        assert summary.new == 5 and len(summary.failed) == 1 and summary.failed[0].record == 6
        good = [i.id for i in iter_documents(path) if not isinstance(i, ReadFailure)]
        assert len(good) == 5 and store.known(good) == set(good)


def test_unexpected_reader_error_is_a_failure_and_a_resumed_ingest_gets_past_it(tmp_path, monkeypatch):
    from faultlines.ingest import plaintext

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT)
    (folder / "b-poison.txt").write_text("Poison pill report about clashes.")
    (folder / "c.txt").write_text(REPORT + " A second report.")
    original = plaintext.TextCleaner.clean

    def clean(self, raw, markdown=False):
        if "Poison" in raw:
            raise ZeroDivisionError("a bug in a reader")
        return original(self, raw, markdown)

    monkeypatch.setattr(plaintext.TextCleaner, "clean", clean)
    with Store(tmp_path / "s.db") as store:
        first = ingest([folder], store, Recorder())
        again = ingest([folder], store, Recorder())
    assert (first.new, len(first.failed)) == (2, 1) and (again.already_stored, len(again.failed)) == (2, 1)
    assert "ZeroDivisionError: a bug in a reader" in first.failed[0].reason
    assert "please report it" in first.failed[0].reason


def test_latin1_and_cp1252_are_decoded_right(tmp_path):
    for i, (encoding, text) in enumerate([
        ("latin-1", "Médecins Sans Frontières a soigné 12 blessés à Bangui."),
        ("latin-1", "Die Bundeswehr übernahm die Führung in Kundus."),
        ("cp1252", "Médecins Sans Frontières said “the clinic was hit” – again."),
    ]):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(text.encode(encoding))
        assert read_documents(path)[0].text == text


@pytest.mark.parametrize("name, data, reason", [
    ("renamed.txt", pdf_bytes(["A PDF under the wrong name."]), "is a PDF file, not text; give it the .pdf suffix"),
    ("renamed.md", docx_bytes(["A Word file under the wrong name."]), "is a ZIP archive"),
    ("three.txt", b"\xe9\xa1\xc3", "holds no words|encoding|binary"),
    ("three2.txt", b"a#Z", "holds no words"),
    ("zipped.txt", gzip.compress(REPORT.encode()), "gzip-compressed data"),
])
def test_binary_content_is_refused_whatever_its_suffix(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason):
        read_documents(path)


def test_pdf_text_layer_is_read_and_scans_are_refused(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes([REPORT, "Issued by the field office."]))
    [doc] = read_documents(path)
    assert "JNIM attacked an army post in Djibo" in doc.text
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_bytes(None))
    with pytest.raises(InputError, match="no text layer .*run OCR"):
        read_documents(scan)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\ngarbage")
    with pytest.raises(InputError, match="not a readable PDF"):
        read_documents(broken)


def test_docx_paragraphs_and_properties_are_read(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(docx_bytes([REPORT, "Médecins Sans Frontières treated 12 people."], title="Djibo", author="Desk"))
    [doc] = read_documents(path)
    assert doc.text == REPORT + "\n\nMédecins Sans Frontières treated 12 people."
    assert (doc.title, doc.author) == ("Djibo", "Desk")
    entity = tmp_path / "entity.docx"
    data = docx_bytes([REPORT]).replace(b"word/document.xml", b"word/document.xml")
    with io.BytesIO() as out:
        import zipfile

        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>')
        data = out.getvalue()
    entity.write_bytes(data)
    with pytest.raises(InputError, match="declares entities; refused"):
        read_documents(entity)


def test_gzip_bomb_is_refused_while_inflating(tmp_path):
    import resource

    bomb = tmp_path / "bomb.warc.gz"
    header = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 200000000\r\n\r\n"
    bomb.write_bytes(gzip.compress(header + b"\0" * 200_000_000, compresslevel=9))  # 200 MB in 200 KB
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError, match="decompresses to more than 50 MB"):
        read_documents(bomb)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 150_000  # KB: never the whole 200 MB
    page_bomb = tmp_path / "pages.warc.gz"
    good = ("https://example.org/ok", f"<html><body><article><p>{REPORT}</p></article></body></html>".encode(), "")
    page_bomb.write_bytes(warc_bytes([good, ("https://example.org/bomb", gzip.compress(b" " * 5_000_000), "gzip")]))
    docs, failed = outcomes(page_bomb, max_bytes=1_000_000)
    assert len(docs) == 1 and failed[0].record == 2 and "larger than 1 MB" in failed[0].reason


def test_cli_internal_error_is_one_line_and_debug_shows_the_traceback(tmp_path, monkeypatch):
    import faultlines.cli

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(faultlines.cli, "_engine", broken)
    path = tmp_path / "a.txt"
    path.write_text(REPORT)
    args = ["ingest", str(path), "--db", str(tmp_path / "s.db"), "--quiet"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 70 and "Traceback" not in result.output
    assert result.output.count("\n") == 1 and "internal error (KeyError: 'boom')" in result.output
    assert "please report it" in result.output and "--debug" in result.output
    debug = CliRunner().invoke(main, ["--debug", *args])
    assert isinstance(debug.exception, KeyError)


def test_hostile_corpus_is_ingested_with_the_expected_counts(tmp_path, monkeypatch):
    import faultlines.cli

    expected = build(tmp_path / "corpus")
    assert expected.files >= 140
    monkeypatch.setattr(faultlines.cli, "_engine", lambda *args: Recorder())
    db = tmp_path / "hostile.db"
    args = ["ingest", str(tmp_path / "corpus"), "--db", str(db), "--json", "--keep-near-duplicates",
            "--max-size-mb", str(MAX_MB), "--max-text-mb", str(MAX_TEXT_MB)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.stderr  # some documents failed; the rest are stored
    assert "Traceback" not in result.stdout + result.stderr
    summary = json.loads(result.stdout)
    # A copy read after its original was written counts as already stored, before it as duplicate.
    assert (summary["new"], summary["duplicate"] + summary["already_stored"], len(summary["failed"])) == (
        expected.stored, expected.duplicate, expected.failed)
    assert sum("record" in f for f in summary["failed"]) == expected.failed_records
    assert not any("please report it" in f["reason"] for f in summary["failed"])  # every failure foreseen
    too_long = [f["reason"] for f in summary["failed"] if "for one document" in f["reason"]]
    assert sorted(Path(r.split(":")[0]).name for r in too_long) == ["long-record.jsonl, record 2", "long-text.md"]
    assert all("above the limit of 500,000 for one document" in r and "--max-text-mb" in r for r in too_long)
    again = CliRunner().invoke(main, args)  # resumed: gets past every bad file again
    summary = json.loads(again.stdout)
    assert (summary["new"], summary["already_stored"]) == (0, expected.stored + expected.duplicate)
