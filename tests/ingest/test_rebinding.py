"""Issue 17: a URL's host is resolved once, checked, and the connection goes to the very addresses
checked (DNS rebinding cannot swap in a private one), against real local HTTP servers."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from faultlines.errors import InputError
from faultlines.ingest import read_documents
from faultlines.ingest.limits import Limits
from faultlines.ingest.web import check_address, stream_from
from tests.test_corpus import HTML_PAGE

pytestmark = pytest.mark.issue(17)
LOCAL = Limits(allow_private=True, timeout=3, idle_timeout=1, max_bytes=1_000_000)


def serve(address):
    """A page server on `address`; it notes the Host header of each request."""
    hosts = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            hosts.append(self.headers["Host"])
            if self.path.startswith("/to/"):  # a redirect to the host named in the path
                self.send_response(302)
                self.send_header("Location", f"http://{self.path[4:]}/page")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = HTML_PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer((address, 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, httpd.server_address[1], hosts


@pytest.fixture
def loopback():
    httpd, port, hosts = serve("127.0.0.1")
    yield port, hosts
    httpd.shutdown()


@pytest.fixture
def elsewhere_on_loopback():
    """A server on 127.0.0.2, an address "localhost" does not resolve to, on a port that nothing
    listens on at 127.0.0.1."""
    httpd, port, hosts = serve("127.0.0.2")
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            pytest.skip("the port is taken on 127.0.0.1 too")
    yield port, hosts
    httpd.shutdown()


def test_a_name_resolving_to_loopback_is_refused_without_the_flag(loopback):
    port, hosts = loopback
    with pytest.raises(InputError, match=r"'localhost' is a local or private address \((127\.0\.0\.1|::1)\)"):
        read_documents(f"http://localhost:{port}/page")
    assert hosts == []  # refused before any connection
    (doc,) = read_documents(f"http://localhost:{port}/page", limits=LOCAL)
    assert doc.url == f"http://localhost:{port}/page" and hosts == [f"localhost:{port}"]


def test_the_connection_goes_to_the_checked_address_not_to_the_name(elsewhere_on_loopback):
    port, hosts = elsewhere_on_loopback
    url = f"http://localhost:{port}/page"
    with httpx.Client() as client:
        # "localhost" resolves to 127.0.0.1 (or ::1), where nothing listens on this port: reaching
        # the server on 127.0.0.2 shows the connection went to the address given, not the name's.
        with stream_from(client, url, ["127.0.0.2"], httpx.Timeout(2)) as response:
            assert response.status_code == 200 and b"Hasakah" in response.read()
        with pytest.raises(httpx.ConnectError), stream_from(client, url, check_address(url, True), httpx.Timeout(2)):
            pass
        # The next checked address is tried when one refuses, as a plain connect would.
        with stream_from(client, url, ["127.0.0.1", "127.0.0.2"], httpx.Timeout(2)) as response:
            assert response.status_code == 200
    assert hosts == [f"localhost:{port}"] * 2  # the name, not the address, in the Host header


def test_a_redirect_is_resolved_and_checked_again(loopback):
    port, hosts = loopback
    (doc,) = read_documents(f"http://127.0.0.1:{port}/to/localhost:{port}", limits=LOCAL)
    assert doc.url == f"http://localhost:{port}/page"
    assert hosts == [f"127.0.0.1:{port}", f"localhost:{port}"]


def test_a_rebinding_name_is_fetched_from_the_address_first_given(elsewhere_on_loopback, monkeypatch):
    """A DNS server that rebinds cannot run here, so the resolver is made to play one: the first
    answer for the name is 127.0.0.2 (the server), every later one 127.0.0.1 (nothing there). A
    fetch that resolved again to connect would fail."""
    port, hosts = elsewhere_on_loopback
    real, answers = socket.getaddrinfo, []

    def rebinding(host, *args, **kwargs):
        if host != "rebind.invalid":
            return real(host, *args, **kwargs)
        answers.append("127.0.0.2" if not answers else "127.0.0.1")
        return real(answers[-1], *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    (doc,) = read_documents(f"http://rebind.invalid:{port}/page", limits=LOCAL)
    assert "Hasakah" in doc.text and answers == ["127.0.0.2"]
    assert hosts == [f"rebind.invalid:{port}"]
