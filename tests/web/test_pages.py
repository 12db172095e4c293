"""The events table and the index pages (issue 18) over the test store: the ISIS-K sample and the
bundled examples."""

import csv
import io
import re

import pytest

from faultlines.web.safe import trusted_svg
from faultlines.web.tables import CSV_COLUMNS, PAGE_ROWS

pytestmark = pytest.mark.issue(18)


def events(client, **params):
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_filter_keeps_one_event_drops_another_and_the_totals_follow(client):
    everything = events(client)
    nigeria = events(client, country="NG")
    places = {e["place"] for e in nigeria["events"]}
    assert "Damasak" in places and "Barsalogho" not in places
    assert "Barsalogho" in {e["place"] for e in everything["events"]} | {
        e["place"] for e in events(client, page=2)["events"]}
    assert nigeria["total"] == len(nigeria["events"]) < everything["total"]
    known = [e["fatalities"] for e in nigeria["events"] if e["fatalities"] is not None]
    assert nigeria["fatalities"] == sum(known) and known
    assert nigeria["unknown_fatalities"] == sum(e["fatalities"] is None for e in nigeria["events"]) > 0
    page = client.get("/events", params={"country": "NG"}).text
    assert f"<strong>{nigeria['total']}</strong> events" in page
    assert f"<strong>{nigeria['fatalities']}</strong> reported killed" in page
    assert "Damasak" in page and "Barsalogho" not in page


def test_filters_by_actor_date_type_and_toll(client):
    iswap = events(client, actor="ISWAP")  # a name or an alias: as actor or as target
    assert iswap["total"] >= 2 and all(
        "iswap" in {i for _, i in e["actors"] + e["targets"]} for e in iswap["events"])
    may = events(client, date_from="2024-05", date_to="2024-05")
    assert may["events"] and all(e["date"].startswith("2024-05") for e in may["events"])
    heavy = events(client, min_fatalities="100")
    assert heavy["events"] and all(e["fatalities"] >= 100 for e in heavy["events"])
    assert heavy["unknown_fatalities"] == 0
    assaults = events(client, type="assault", country="SY")
    assert assaults["events"] and {e["type"] for e in assaults["events"]} == {"assault"}
    missing = client.get("/events", params={"actor": "Nobody Such"})
    assert missing.status_code == 200 and "No actor called" in missing.text and "No event matches" in missing.text


def test_rows_link_actors_and_their_sentence(client):
    page = client.get("/events", params={"country": "NG"}).text
    assert '<a href="/actors/iswap">' in page
    row = re.search(r'<tr>\s*<td>2024-05-05</td>.*?<a class="quote" href="(/documents/(\w+)#(s\d+))"', page, re.S)
    assert row is not None
    document = client.get(f"/documents/{row.group(2)}").text
    mark = re.search(rf'<mark id="{row.group(3)}"[^>]*>(.*?)</mark>', document, re.S)
    assert mark is not None and "Damasak" in mark.group(1)


def test_paging(client):
    first, second = events(client), events(client, page=2)
    assert first["total"] > PAGE_ROWS and first["pages"] == second["pages"] == -(-first["total"] // PAGE_ROWS)
    assert len(first["events"]) == PAGE_ROWS
    assert len(second["events"]) == min(PAGE_ROWS, first["total"] - PAGE_ROWS)
    assert not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}
    html = client.get("/events").text
    assert 'rel="next" href="/events?page=2"' in html and "page 1 of" in html
    assert client.get("/events", params={"page": "0"}).status_code == 400
    assert client.get("/events", params={"page": "x"}).status_code == 400


def test_sort_orders(client):
    down = events(client, sort="fatalities", order="desc")["events"]
    tolls = [e["fatalities"] for e in down if e["fatalities"] is not None]
    assert tolls == sorted(tolls, reverse=True) and tolls[0] == 15000
    assert down[len(tolls)]["fatalities"] is None  # unknown tolls last
    up = [e["fatalities"] for e in events(client, sort="fatalities", order="asc")["events"]]
    assert up[0] == min(tolls)
    dates = [e["date"] for e in events(client, sort="date", order="asc")["events"] if e["date"]]
    assert dates == sorted(dates)
    types = [e["type"] for e in events(client, sort="type", order="asc")["events"]]
    assert types == sorted(types)
    assert client.get("/events", params={"sort": "id; DROP TABLE events"}).status_code == 400
    html = client.get("/events", params={"sort": "fatalities"}).text
    assert 'aria-sort="descending"' in html and "/events?sort=fatalities&amp;order=asc" in html


def test_empty_form_fields_are_no_filter(client):
    """A form sends every field, the empty ones as empty strings."""
    blank = client.get("/events?date_from=&date_to=&type=&acled_type=&actor=&country=&min_fatalities=")
    assert blank.status_code == 200
    assert client.get("/events", params={"min_fatalities": "many"}).status_code == 400
    assert client.get("/events", params={"date_from": "yesterday"}).status_code == 400


def test_chart_by_type_is_a_checked_picture(client):
    page = client.get("/events").text
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert trusted_svg(svg) == svg and 'class="timeline"' in svg
    assert "assault (" in svg  # the legend, with counts
    assert "<title>2024-05: " in events_chart(client, date_from="2024-01", date_to="2024-12")


def events_chart(client, **params):
    return re.search(r"<svg.*?</svg>", client.get("/events", params=params).text, re.S).group(0)


def test_csv_has_the_filtered_rows(client):
    response = client.get("/events.csv", params={"country": "NG", "sort": "date", "order": "asc"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert len(body) == events(client, country="NG")["total"]
    assert [r["date"] for r in body] == sorted(r["date"] for r in body)
    damasak = next(r for r in body if r["place"] == "Damasak")
    assert damasak["fatalities"] == "6" and damasak["country"] == "NG" and damasak["admin1"] == "Borno"
    assert damasak["evidence_url"].startswith("/documents/") and "Damasak" in damasak["evidence"]
    assert any(r["fatalities"] == "" for r in body)  # unknown is blank, not 0
    assert len(list(csv.reader(io.StringIO(client.get("/events.csv").text)))) - 1 == events(client)["total"]


def test_csv_cells_never_start_a_formula():
    from faultlines.web.tables import csv_cell

    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and csv_cell("@x") == "'@x" and csv_cell(None) == ""
    assert csv_cell(6) == "6"


def test_actor_index(client):
    page = client.get("/actors").text
    assert '<a href="/actors/isis-k">Islamic State Khorasan Province</a>' in page
    named = client.get("/actors", params={"sort": "name"}).text
    listed = re.findall(r'<td><a href="/actors/[^"]+">([^<]+)</a></td>', named)
    assert listed == sorted(listed, key=lambda n: n) and len(listed) <= PAGE_ROWS
    groups = client.get("/actors", params={"kind": "armed_group"}).text
    assert "Jama&#39;at Nusrat al-Islam wal-Muslimin" in groups and "<td>government</td>" not in groups
    assert client.get("/actors", params={"sort": "evil"}).status_code == 400


def test_place_index(client):
    page = client.get("/places", params={"country": "NG"}).text
    row = re.search(r"<tr><td>Damasak</td><td>(\w*)</td><td>(\w*)</td><td>.*?NG</a></td>", page)
    assert row is not None and row.group(2) == "Borno"
    assert "Barsalogho" not in page and "Barsalogho" in client.get("/places", params={"sort": "name"}).text + \
        client.get("/places", params={"sort": "name", "page": "2"}).text


def test_document_index(client):
    page = client.get("/documents").text
    assert "Borno: the week in brief" in page and "Massacre at Barsalogho" in page
    titles = re.findall(r'<td><a href="/documents/\w+">([^<]+)</a>', client.get("/documents?sort=title").text)
    assert titles == sorted(titles)
    borno = re.search(r"Borno: the week in brief</a>.*?</td>(?:<td[^>]*>[^<]*</td>){2}<td class=\"number\">(\d+)",
                      page, re.S)
    assert borno is not None and int(borno.group(1)) >= 4  # its events


def test_menu_links_the_index_pages(client):
    menu = client.get("/").text.split("</nav>")[0]
    for path in ("/events", "/actors", "/places", "/documents"):
        assert f'<a href="{path}">' in menu
