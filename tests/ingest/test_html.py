"""Saved web pages: main text without navigation, metadata from the page head."""

from faultlines.ingest import read_documents

PAGE = """<html><head><title>Clashes in Kunduz | Example News</title>
<meta name="author" content="Jane Roe"><meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-05-02T10:00:00Z">
<link rel="canonical" href="https://example.org/kunduz"></head>
<body><nav><a href="/">Home</a> <a href="/world">World news menu</a></nav>
<article><h1>Clashes in Kunduz</h1>
<p>The Taliban fought fighters of the National Resistance Front in Kunduz province on Monday,
officials said, in the heaviest clashes of the year.</p>
<p>At least twelve fighters were killed in the assault, according to the provincial governor.</p>
</article><footer>© 2023 Example News. All rights reserved.</footer></body></html>"""


def test_html_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    [doc] = read_documents(path)
    assert doc.title == "Clashes in Kunduz"
    assert (doc.author, doc.publisher, doc.published, doc.url) == (
        "Jane Roe", "Example News", "2023-05-02", "https://example.org/kunduz")
    assert "National Resistance Front" in doc.text and "twelve fighters" in doc.text
    assert "World news menu" not in doc.text and "All rights reserved" not in doc.text
