"""A deterministic hostile corpus: good reports in several encodings and formats, exact copies,
and malformed, oversized and malicious files, with the counts an ingest must come to.

    expected = build(folder)   # writes a few hundred small files; the same bytes on every run

Also builders for the binary formats the tests need (PDF with and without a text layer, DOCX,
WARC), made here in code rather than downloaded.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_MB = 2  # the ingest of this corpus runs with --max-size-mb 2: oversized files are small to make
MAX_TEXT_MB = 0.5  # ... and --max-text-mb 0.5: a text too long for one document is small to make too

ACTORS = ["JNIM", "the Taliban", "Al-Shabaab", "the Rapid Support Forces", "ISIS-K", "the Houthis",
          "the Syrian Democratic Forces", "Boko Haram", "the M23 rebels", "the Sudanese Armed Forces"]
PLACES = ["Djibo", "Kunduz", "Mogadishu", "El Fasher", "Jalalabad", "Marib", "Raqqa", "Maiduguri",
          "Goma", "Kassala", "Menaka", "Herat", "Baidoa", "Nyala", "Sanaa", "Deir ez-Zor"]
SENTENCES = [
    "Fighters of {a} attacked an army post in {p} on {d}, officials said.",
    "{A} claimed responsibility for the ambush near {p}, which killed {n} soldiers.",
    "Residents of {p} said {n} civilians fled after shelling by {a}.",
    "Médecins Sans Frontières said its clinic in {p} received {n} wounded patients.",
    "The governor of {p} accused {a} of blocking the road to the market.",
    "{A} has been fighting in the region since {y} and is thought to have {n}00 fighters.",
    "Talks between {a} and local elders in {p} broke down on {d}.",
    "A convoy carrying food to {p} was turned back at a checkpoint held by {a}.",
    "The United Nations said {n} families had been displaced around {p} this week.",
    "Security forces arrested {n} suspects in {p} after the assault, a spokesman said.",
    "Witnesses in {p} described heavy gunfire that lasted until dawn.",
    "Aid workers said the only bridge into {p} was destroyed during the fighting.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass
class Expected:
    """What an ingest of the corpus must count."""

    stored: int = 0  # distinct good documents, analysed and stored
    duplicate: int = 0  # exact copies of a document read earlier in the same run
    failed_sources: int = 0  # files refused as a whole
    failed_records: int = 0  # bad lines, rows or items of files whose good records are stored
    files: int = 0

    @property
    def failed(self) -> int:
        return self.failed_sources + self.failed_records


def report(rng: random.Random, number: int) -> str:
    """A short, distinct, realistic report; the number makes every report's text unique."""
    fill = {"a": rng.choice(ACTORS), "p": rng.choice(PLACES), "d": rng.choice(DAYS), "n": rng.randint(2, 90),
            "y": rng.randint(2004, 2020)}
    fill["A"] = fill["a"][0].upper() + fill["a"][1:]
    chosen = rng.sample(SENTENCES, 4)
    body = " ".join(s.format(**fill) for s in chosen)
    return f"{body} Report number {number} was filed from {fill['p']}."


def pdf_bytes(lines: list[str] | None) -> bytes:
    """A one-page PDF: with its lines as a text layer, or (None) a page with nothing on it, as a
    scan without OCR looks to a text extractor."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = ("BT /F1 11 Tf 14 TL 72 720 Td " + " ".join(f"({escape(line)}) Tj T*" for line in lines) + " ET"
              if lines else "q 0.5 g 72 72 468 648 re f Q")  # a grey box: an image, not text
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def docx_bytes(paragraphs: list[str], title: str = "", author: str = "") -> bytes:
    """A minimal Word document: what word/document.xml and docProps/core.xml need to hold."""
    from xml.sax.saxutils import escape

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
    core = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator></cp:coreProperties>")
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.wordprocessingml.document.main+xml"/></Types>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", document)
        archive.writestr("docProps/core.xml", core)
    return out.getvalue()


def warc_bytes(pages: list[tuple[str, bytes, str]]) -> bytes:
    """A .warc.gz of HTML responses: (url, body, content-encoding or '')."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, body, encoding in pages:
        headers = [("Content-Type", "text/html; charset=utf-8")]
        headers += [("Content-Encoding", encoding)] if encoding else []
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    return out.getvalue()


def html_page(title: str, text: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{text}</p><p>{text.split('.')[0]}, a second source confirmed on the same day.</p>"
            "</article></body></html>")


def build(folder: Path) -> Expected:
    """Write the corpus into folder; return what an ingest with --max-size-mb 2 and --max-text-mb 0.5
    must count."""
    rng = random.Random(17)
    folder.mkdir(parents=True, exist_ok=True)
    expected = Expected()
    count = iter(range(1, 10_000))

    def write(name: str, data: bytes | str) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected.files += 1
        return path

    def good(name: str, data: bytes | str, documents: int = 1) -> Path:
        expected.stored += documents
        return write(name, data)

    def bad(name: str, data: bytes | str) -> Path:
        expected.failed_sources += 1
        return write(name, data)

    # Good reports: plain text in five encodings, Markdown, HTML, JSON, JSONL, CSV, RSS, WARC, DOCX, PDF.
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"):
        for i in range(12):
            text = report(rng, next(count))
            if encoding == "cp1252":
                text = text.replace("said", "said “at once”", 1) + " It was the ‘worst’ week – so far."
            good(f"text/{encoding}/report-{i:02d}.txt", text.encode(encoding))
    for i in range(10):
        good(f"markdown/report-{i:02d}.md", f"# Report {i}\n\n**{report(rng, next(count))}**\n")
    for i in range(10):
        good(f"html/page-{i:02d}.html", html_page(f"Clashes, report {i}", report(rng, next(count))))
    for i in range(8):
        good(f"json/doc-{i:02d}.json", json.dumps({"title": f"Brief {i}", "text": report(rng, next(count)),
                                                    "date": "2024-03-0" + str(i % 9 + 1)}))
    good("json/list.json", json.dumps([{"text": report(rng, next(count))} for _ in range(5)]), documents=5)
    rows = [{"headline": f"Row {i}", "body": report(rng, next(count)), "date": "2023-02-01"} for i in range(20)]
    buffer = io.StringIO()
    import csv

    table = csv.DictWriter(buffer, ["headline", "body", "date"])
    table.writeheader()
    table.writerows(rows)
    good("tables/rows.csv", buffer.getvalue(), documents=20)
    long_row = {"headline": "Long", "body": report(rng, next(count)) + " Details follow." + " More." * 30_000,
                "date": "2023-02-02"}  # a field over csv's default 128 KB limit
    buffer = io.StringIO()
    table = csv.DictWriter(buffer, ["headline", "body", "date"])
    table.writeheader()
    table.writerow(long_row)
    good("tables/long-field.csv", buffer.getvalue())
    items = "".join(f"<item><title>Entry {i}</title><link>https://example.org/{i}</link>"
                    f"<description>{report(rng, next(count))}</description></item>" for i in range(6))
    good("feeds/monitor.rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>Monitor</title>{items}'
                              "</channel></rss>", documents=6)
    pages = [(f"https://example.org/p{i}", html_page(f"Page {i}", report(rng, next(count))).encode(), "")
             for i in range(4)]
    good("archives/crawl.warc.gz", warc_bytes(pages), documents=4)
    for i in range(4):
        good(f"office/report-{i}.docx", docx_bytes([report(rng, next(count)), "A second paragraph follows."],
                                                   title=f"Word report {i}", author="Field Office"))
        good(f"office/report-{i}.pdf", pdf_bytes([report(rng, next(count)), "Issued by the field office."]))

    # Exact copies of stored reports, under other names: duplicates of this run.
    originals = sorted((folder / "text" / "utf-8").glob("*.txt"))[:8]
    for path in originals:
        write(f"copies/{path.stem}-copy.txt", path.read_bytes())
        expected.duplicate += 1

    # JSONL with bad lines among good ones: the good lines are kept, each bad line fails alone.
    lines = [json.dumps({"text": report(rng, next(count))}) for _ in range(6)]
    bad_lines = [
        "{not json",
        '{"text": "The attack on Kunduz \\ud800 was reported."}',  # a lone surrogate in the text
        '{"text": "Clashes were reported in Herat on Friday.", "title": "Herat \\udfff"}',  # ... in metadata
        "[" * 5000 + "]" * 5000,  # nested far too deep
        '{"text": "Fighting in Goma.", "count": ' + "9" * 5000 + "}",  # a 5,000-digit integer
        '{"title": "no text field"}',
        '"just a string"',
    ]
    mixed = lines[:3] + bad_lines + lines[3:]
    good("jsonl/mixed.jsonl", "\n".join(mixed) + "\n", documents=len(lines))
    expected.failed_records += len(bad_lines)
    # One record whose text is too long for one document, between two good ones (0.6 million characters).
    long_text = json.dumps({"text": "Shelling went on around the town overnight. " * 14_000})
    good("jsonl/long-record.jsonl", "\n".join([json.dumps({"text": report(rng, next(count))}), long_text,
                                               json.dumps({"text": report(rng, next(count))})]) + "\n", documents=2)
    expected.failed_records += 1

    # Malformed and malicious files: each refused as a whole, with its reason.
    bad("bad/empty.txt", b"")
    bad("bad/blank.txt", b"  \n\n  ")
    for i in range(12):
        bad(f"bad/random-{i:02d}.txt", bytes(rng.randrange(256) for _ in range(3)))
    for i in range(6):
        bad(f"bad/noise-{i}.txt", bytes(rng.randrange(256) for _ in range(rng.randint(200, 4000))))
    bad("bad/renamed-pdf.txt", pdf_bytes(["A PDF saved under the wrong name."]))
    bad("bad/renamed-docx.txt", docx_bytes(["A Word file saved under the wrong name."]))
    bad("bad/image.html", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(500)))
    bad("bad/scanned.pdf", pdf_bytes(None))
    bad("bad/broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")
    bad("bad/broken.docx", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(300)))
    bad("bad/invalid.json", '{"text": "unterminated')
    bad("bad/deep.json", '{"text": "Shelling in Sanaa.", "tags": ' + "[" * 100_000 + "]" * 100_000 + "}")
    bad("bad/bigint.json", '{"text": "Fighting in Marib.", "id": ' + "7" * 5000 + "}")
    bad("bad/surrogate.json", '{"text": "Shelling in Raqqa \\ud800 on Monday."}')
    bad("bad/no-text.json", '{"title": "headline only"}')
    bad("bad/not-a-feed.rss", "<<< this is not a feed >>>")
    bad("bad/not-a-warc.warc", "plain words, not an archive")
    bad("bad/no-article.html", "<html><head><title>Menu</title></head><body><script>var p = 1;</script></body></html>")
    bad("bad/oversized.txt", ("Fighting continued in the north. " * 70_000).encode())  # ~2.3 MB
    bad("bad/long-text.md", "# A long text\n\n" + "Fighting continued in the north. " * 18_000)  # 0.6 M characters
    # A gzip bomb posing as an archive: 40 MB of zeros in 40 KB, refused at 2 MB while inflating.
    bad("bad/bomb.warc.gz", gzip.compress(b"\0" * 40_000_000, compresslevel=9))
    # An archive whose one page is a content-encoded bomb: that record refused without inflating it all.
    write("bad/page-bomb.warc.gz", warc_bytes([("https://example.org/bomb",
                                                gzip.compress(b" " * 30_000_000, compresslevel=9), "gzip")]))
    expected.failed_records += 1
    return expected
