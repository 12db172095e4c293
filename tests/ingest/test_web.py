"""Web sources: pages fetched from a real local HTTP server, feeds, WARC files and CSV tables."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from faultlines.cli import main
from faultlines.errors import InputError
from faultlines.ingest import read_documents
from faultlines.ingest.limits import Limits
from faultlines.ingest.tabular import CsvLayout
from faultlines.ingest.web import USER_AGENT
from tests.ingest.hostile import pdf_bytes
from tests.test_corpus import CSV, FEED, HTML_PAGE, warc_bytes

LOCAL = Limits(allow_private=True)  # the test server is on loopback, which is refused by default
PDFS = {"/report.pdf": pdf_bytes(["Fighters of JNIM attacked an army post in Djibo.",
                                  "The army said 9 soldiers were killed."]),
        "/scan.pdf": pdf_bytes(None), "/broken.pdf": b"%PDF-1.4"}


@pytest.fixture
def site():
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            seen.append(self.headers.get("User-Agent"))
            if self.path == "/hasakah":
                body = HTML_PAGE.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
            elif self.path.endswith(".pdf"):
                body = PDFS[self.path]
                self.send_response(200)
                self.send_header("Content-Type", "application/pdf")
                self.send_header("Last-Modified", "Tue, 03 Sep 2024 10:00:00 GMT")
            elif self.path == "/data.zip":
                body = b"PK\x03\x04"
                self.send_response(200)
                self.send_header("Content-Type", "application/zip")
            else:
                body = b"not here"
                self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()


def test_url_is_fetched_politely_and_read(site):
    base, seen = site
    (doc,) = read_documents(f"{base}/hasakah", limits=LOCAL)
    assert doc.title == "Attack on Hasakah prison" and doc.url == f"{base}/hasakah"
    assert "Ghwayran prison" in doc.text
    assert seen == [USER_AGENT]


def test_url_errors_are_one_line(site):
    base, _ = site
    with pytest.raises(InputError, match="the server answered 404; check the address"):
        read_documents(f"{base}/missing", limits=LOCAL)
    with pytest.raises(InputError, match="is application/zip, not a web page or a PDF"):
        read_documents(f"{base}/data.zip", limits=LOCAL)
    with pytest.raises(InputError, match="not a readable PDF"):
        read_documents(f"{base}/broken.pdf", limits=LOCAL)
    with pytest.raises(InputError, match="no text layer"):
        read_documents(f"{base}/scan.pdf", limits=LOCAL)


@pytest.mark.issue(17)
def test_a_pdf_at_a_url_is_read_like_a_pdf_file(site):
    base, _ = site
    (doc,) = read_documents(f"{base}/report.pdf", limits=LOCAL)
    assert doc.text == "Fighters of JNIM attacked an army post in Djibo.\nThe army said 9 soldiers were killed."
    assert (doc.url, doc.published) == (f"{base}/report.pdf", "2024-09-03")


def test_feed_entries_become_documents(tmp_path):
    path = tmp_path / "sahel.rss"
    path.write_text(FEED)
    (doc,) = read_documents(path)
    assert (doc.title, doc.publisher, doc.published) == ("JNIM attack in Djibo", "Sahel Monitor", "2024-09-03")
    assert doc.text.split("\n\n") == ["Fighters of JNIM attacked an army post in Djibo, in Burkina Faso, on Monday.",
                                      "The army said 9 soldiers were killed."]


def test_warc_responses_become_documents(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes("https://example.org/hasakah", HTML_PAGE))
    (doc,) = read_documents(path)
    assert (doc.title, doc.url) == ("Attack on Hasakah prison", "https://example.org/hasakah")
    bad = tmp_path / "bad.warc"
    bad.write_text("this is not an archive")
    with pytest.raises(InputError, match="bad.warc: not a readable WARC file"):
        read_documents(bad)


def test_csv_columns_by_name_or_by_option(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text(CSV)
    docs = read_documents(path)
    assert [(d.title, d.published) for d in docs] == [("Al-Shabaab ambush", "2023-02-01"),
                                                      ("Clashes in El Fasher", "2024-05-12")]
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(CSV.replace("headline,body,date", "h,story,when"))
    docs = read_documents(renamed, csv_layout=CsvLayout("story", {"title": "h", "published": "when"}))
    assert docs[1].title == "Clashes in El Fasher" and docs[1].text.startswith("The Rapid Support Forces")
    with pytest.raises(InputError, match="no column 'body' \\(the columns are h, story, when\\)"):
        read_documents(renamed, csv_layout=CsvLayout("body"))


def test_cli_ingest_csv_with_named_columns(tmp_path):
    path = tmp_path / "renamed.csv"
    path.write_text(CSV.replace("headline,body,date", "h,story,when"))
    db = tmp_path / "x.db"
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(db), "--workers", "1", "--quiet",
                                       "--csv-text", "story", "--csv-column", "title=h",
                                       "--csv-column", "published=when"])
    assert result.exit_code == 0, result.output
    assert "2 documents from 1 sources" in result.output and "2 new" in result.output
    bad = CliRunner().invoke(main, ["ingest", str(path), "--db", str(db), "--csv-column", "headline"])
    assert bad.exit_code == 1 and "--csv-column 'headline': write FIELD=COLUMN" in bad.output
