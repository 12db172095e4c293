"""Issue 17: URLs are fetched within bounds (size, total and idle time, redirects, addresses),
against a real local HTTP server; each failure is one line and fails that URL only."""

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from faultlines.corpus import ingest
from faultlines.errors import InputError
from faultlines.ingest import read_documents
from faultlines.ingest.limits import Limits
from faultlines.ingest.web import check_address
from faultlines.store import Store
from tests.ingest.test_hostile import Recorder
from tests.test_corpus import HTML_PAGE

pytestmark = pytest.mark.issue(17)
LOCAL = Limits(allow_private=True, timeout=3, idle_timeout=1, max_bytes=1_000_000)


@pytest.fixture
def server():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            if self.path == "/page":
                self.reply(200, HTML_PAGE.encode())
            elif self.path in ("/loop-a", "/loop-b"):
                self.redirect("/loop-b" if self.path == "/loop-a" else "/loop-a")
            elif self.path == "/to-file":
                self.redirect("file:///etc/passwd")
            elif self.path == "/moved":
                self.redirect("/page")
            elif self.path == "/big":  # no Content-Length: only counting while streaming finds out
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(100):
                    self.wfile.write(b"<p>" + b"x" * 100_000 + b"</p>")
            elif self.path == "/bomb":
                self.reply(200, gzip.compress(b" " * 50_000_000), [("Content-Encoding", "gzip")])
            elif self.path == "/drip":  # one byte at a time, each well within the idle timeout
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.3)

        def reply(self, status, body, headers=()):
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def redirect(self, target):
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_redirects_are_followed_and_loops_refused(server):
    (doc,) = read_documents(f"{server}/moved", limits=LOCAL)
    assert doc.url == f"{server}/page"
    with pytest.raises(InputError, match="redirects in a loop"):
        read_documents(f"{server}/loop-a", limits=LOCAL)
    with pytest.raises(InputError, match="only http and https"):
        read_documents(f"{server}/to-file", limits=LOCAL)


def test_size_is_capped_while_streaming(server):
    with pytest.raises(InputError, match="larger than 1 MB.*--max-size-mb"):
        read_documents(f"{server}/big", limits=LOCAL)
    with pytest.raises(InputError, match="larger than 1 MB"):  # 50 MB inflated from 50 KB
        read_documents(f"{server}/bomb", limits=LOCAL)


def test_a_slow_drip_is_cut_at_the_total_timeout(server):
    started = time.monotonic()
    with pytest.raises(InputError, match="took more than 3 s.*--fetch-timeout"):
        read_documents(f"{server}/drip", limits=LOCAL)
    assert time.monotonic() - started < 6


def test_loopback_and_private_addresses_are_refused_by_default(server):
    with pytest.raises(InputError, match="local or private address.*--allow-private-urls"):
        read_documents(f"{server}/page")
    for url in ("http://10.1.2.3/", "http://169.254.169.254/latest/", "http://[::1]:8080/", "http://0.0.0.0/",
                "http://[::ffff:127.0.0.1]/", "http://192.168.1.1/"):
        with pytest.raises(InputError, match="local or private address"):
            check_address(url)
    with pytest.raises(InputError, match="only http and https"):
        check_address("ftp://example.org/")


def test_bad_urls_fail_alone_in_an_ingest(server, tmp_path):
    urls = [f"{server}/loop-a", "http://exa mple.org/", "https://[::1", "http://:80/", f"{server}/page"]
    with Store(tmp_path / "s.db") as store:
        summary = ingest(urls, store, Recorder(), limits=LOCAL)
    assert summary.new == 1 and len(summary.failed) == 4
    assert not any("please report it" in f.reason for f in summary.failed), summary.failed
