"""Cleaning pasted pages: metadata recovered, page furniture dropped."""

from faultlines.ingest import document_id, read_documents


def test_plaintext_sample_metadata_and_cleaning(sample_path):
    [doc] = read_documents(sample_path)
    assert doc.title == "The Power of ISIS-K and the Perspective of its Role in Afghanistan"
    assert doc.author == "Farzad Ramezani Bonesh"
    assert doc.publisher == "Al Bawaba"
    assert doc.published == "2021-11-09"
    assert "You may also like" not in doc.text
    assert "©" not in doc.text and "Al Bawaba" not in doc.text
    assert doc.text.startswith("The situation of ISIS-K")
    assert doc.text.endswith("continuation of getting privilege.")
    assert doc.id == document_id(doc.text)


def test_plaintext_markdown_byline_gives_author_and_date(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Shabaab attacks rise\n\n*By Jane Doe — 12 February 2024*\n\n"
                    "Al-Shabaab fighters attacked a base in Lower Shabelle.\n\nShare this article\n")
    [doc] = read_documents(path)
    assert (doc.title, doc.author, doc.published) == ("Shabaab attacks rise", "Jane Doe", "2024-02-12")
    assert doc.text == "Al-Shabaab fighters attacked a base in Lower Shabelle."


def test_plaintext_report_header_fields(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("Situation update: North Kivu\n\nDate: 2024-07-15\nSource: Example Relief Network\n\n"
                    "M23 fighters advanced towards Goma.\n")
    [doc] = read_documents(path)
    assert (doc.published, doc.publisher) == ("2024-07-15", "Example Relief Network")
    assert doc.text == "M23 fighters advanced towards Goma."


def test_plaintext_same_text_same_id(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Title\n\nBody of the report.\n")
    b.write_text("Title\r\n\r\nBody of the report.\r\n")
    assert read_documents(a)[0].id == read_documents(b)[0].id
