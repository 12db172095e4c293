"""Reading files: encodings, and every kind of bad input refused with a one-line reason."""

import json

import pytest

from faultlines.errors import InputError
from faultlines.ingest import read_documents
from faultlines.ingest.files import decode

TEXT = "The Taliban took Kabul on 15 August 2021.\n\nFighting continued in Panjshir."


def test_files_latin1_text_is_decoded(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Les combattants de l'État islamique ont attaqué Niamey à l'aube.".encode("latin-1"))
    [doc] = read_documents(path)
    assert "l'État islamique" in doc.text


def test_files_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(TEXT.encode("utf-16"))  # Python writes a BOM
    [doc] = read_documents(path)
    assert doc.text.startswith("The Taliban took Kabul")


def test_files_utf16_without_bom_is_decoded():
    assert decode(TEXT.encode("utf-16-le")).startswith("The Taliban")


def test_files_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    assert read_documents(path)[0].text.startswith("The Taliban")


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: p, "is a directory"),
])
def test_files_missing_and_directory_are_refused(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        read_documents(make(tmp_path))


def test_files_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("   \n\n")
    with pytest.raises(InputError, match="empty"):
        read_documents(path)


def test_files_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError, match="binary"):
        read_documents(path)


def test_files_unsupported_suffix_is_refused(tmp_path):
    path = tmp_path / "report.odt"
    path.write_bytes(b"PK\x03\x04 ...")
    with pytest.raises(InputError, match="unsupported file type '.odt'"):
        read_documents(path)


def test_files_over_size_limit_is_refused_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # a sparse 200 MB file: its size is checked, it is never read
        f.truncate(200_000_000)
    with pytest.raises(InputError, match=r"200\.0 MB, above the 50 MB limit.*--max-size-mb"):
        read_documents(path)


def test_files_invalid_json_names_the_line(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"text": TEXT}) + "\n{not json\n")
    with pytest.raises(InputError, match=r"line 2: invalid JSON"):
        read_documents(path)


def test_files_json_without_text_is_refused(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"title": "No body"}))
    with pytest.raises(InputError, match='no "text" field'):
        read_documents(path)


def test_files_json_metadata_is_read(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"text": TEXT, "title": "Kabul falls", "author": "A. Writer",
                                "publisher": "Example Wire", "date": "2021-08-16T10:00:00Z",
                                "url": "https://example.org/kabul"}))
    [doc] = read_documents(path)
    assert (doc.title, doc.author, doc.publisher, doc.published, doc.url) == (
        "Kabul falls", "A. Writer", "Example Wire", "2021-08-16", "https://example.org/kabul")


def test_files_jsonl_gives_one_document_per_line(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps({"text": f"Report {i}: clashes in Kunduz."}) for i in range(3)))
    docs = read_documents(path)
    assert len(docs) == 3 and len({d.id for d in docs}) == 3
