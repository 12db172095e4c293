"""The pages that read the store in SQL (events, index pages, map, network) answer the same from
PostgreSQL as from SQLite: the same rows, totals and places, from the same analyses."""

import csv
import io

import pytest
from fastapi.testclient import TestClient

from faultlines.store import Store
from faultlines.web import create_app

pytestmark = pytest.mark.issue(18)

QUERIES = ["/events.csv", "/events.csv?country=NG", "/events.csv?type=assault&sort=fatalities",
           "/events.csv?date_from=2024-05&date_to=2024-06", "/events.csv?actor=ISWAP&min_fatalities=1"]


def _rows(client: TestClient, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.fixture
def twin_clients(corpus, postgres_url, tmp_path):
    """The corpus saved into a new SQLite file and a new PostgreSQL database, the app over each."""
    clients = []
    for target in (tmp_path / "twin.db", postgres_url):
        with Store(target) as store:
            for analysis in corpus:
                store.save(analysis)
        clients.append(TestClient(create_app(str(target), "token"), base_url="http://127.0.0.1"))
    with clients[0] as sqlite, clients[1] as postgres:
        yield sqlite, postgres


def test_events_rows_and_filters_are_the_same_on_postgresql(twin_clients):
    sqlite, postgres = twin_clients
    assert len(_rows(sqlite, "/events.csv")) > 20  # the corpus has events to compare
    for path in QUERIES:
        rows = _rows(sqlite, path)
        assert rows, path  # each filter keeps some rows to compare
        assert _rows(postgres, path) == rows, path
    assert 0 < len(_rows(sqlite, "/events.csv?country=NG")) < len(_rows(sqlite, "/events.csv"))


def test_pages_and_their_totals_are_the_same_on_postgresql(twin_clients):
    sqlite, postgres = twin_clients
    for path in ("/api/events?sort=date&order=asc", "/api/events?type=assault", "/api/map", "/api/network",
                 "/api/network?actor=isis-k&depth=2"):
        mine, theirs = sqlite.get(path), postgres.get(path)
        assert mine.status_code == theirs.status_code == 200, path
        assert theirs.json() == mine.json(), path
    for path in ("/events", "/actors", "/places", "/documents", "/map", "/network", "/actors/ISIS-K?branches=1"):
        assert postgres.get(path).status_code == 200, path
