"""Corpus ingest: many formats into one store, duplicates found, failures reported, resumable."""

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from faultlines.corpus import expand_sources, ingest
from faultlines.engines import InProcess, WorkerProcesses
from faultlines.store import Store
from tests.conftest import EXAMPLES

WIRE = ("KABUL, March 3 — Gunmen loyal to the Islamic State Khorasan Province attacked a Taliban checkpoint "
        "in Jalalabad on Tuesday, killing four guards, officials said. The group claimed the attack in a "
        "statement. Taliban forces arrested 12 suspects in Nangarhar province after the assault. ISIS-K has "
        "been fighting the Taliban since 2015 and is estimated to have between 4,000 and 6,000 fighters.")
SYNDICATED = WIRE.replace("KABUL, March 3 —", "KABUL (Wire Service) —") + " Reporting by a correspondent."

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Sahel Monitor</title>
<item><title>JNIM attack in Djibo</title><link>https://example.org/djibo</link><author>desk@example.org (Desk)</author>
<pubDate>Tue, 03 Sep 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Fighters of JNIM attacked an army post in Djibo, in Burkina Faso, on Monday.&lt;/p&gt;
&lt;p&gt;The army said 9 soldiers were killed.&lt;/p&gt;</description></item>
</channel></rss>"""

CSV = ("headline,body,date\n"
       "Al-Shabaab ambush,\"Al-Shabaab fighters ambushed an African Union convoy near Mogadishu, Somalia.\","
       "2023-02-01\n"
       "Clashes in El Fasher,\"The Rapid Support Forces clashed with the Sudanese Armed Forces in El Fasher.\","
       "2024-05-12\n")

HTML_PAGE = """<html><head><title>Attack on Hasakah prison</title></head><body><article>
<h1>Attack on Hasakah prison</h1>
<p>Islamic State fighters attacked the Ghwayran prison in Al-Hasakah, Syria, on 20 January 2022, freeing dozens of
detainees. The Syrian Democratic Forces retook the prison after ten days of fighting.</p>
<p>The Syrian Democratic Forces said that more than 120 of their fighters and guards were killed in the battle for the
prison, one of the largest attacks by the group in years.</p></article></body></html>"""


def warc_bytes(url, html):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                  http_headers=headers))
    return out.getvalue()


@pytest.fixture
def mixed_folder(tmp_path):
    folder = tmp_path / "inbox"
    (folder / "wire").mkdir(parents=True)
    (folder / "wire" / "original.txt").write_text(WIRE)
    (folder / "wire" / "same-again.txt").write_text(WIRE)  # an exact copy
    (folder / "wire" / "syndicated.txt").write_text(SYNDICATED)  # a near copy
    (folder / "feed.rss").write_text(FEED)
    (folder / "table.csv").write_text(CSV)
    (folder / "crawl.warc.gz").write_bytes(warc_bytes("https://example.org/hasakah", HTML_PAGE))
    (folder / "broken.json").write_text("{not json")
    (folder / "empty.txt").write_text("   ")
    (folder / "README.md").write_text("# what this folder is")
    return folder


def test_ingest_reads_every_format_and_finds_duplicates(pipeline, mixed_folder, tmp_path):
    with Store(tmp_path / "corpus.db") as store:
        summary = ingest([mixed_folder], store, InProcess(pipeline), batch=3)
        assert summary.sources == 8  # README.md is left out
        assert (summary.read, summary.new, summary.duplicate, summary.near_duplicate) == (7, 5, 1, 1)
        assert sorted(f.source.split("/")[-1] for f in summary.failed) == ["broken.json", "empty.txt"]
        assert all("invalid JSON" in f.reason or "empty" in f.reason for f in summary.failed)
        titles = {a.document.title for a in store.analyses()}
        assert {"JNIM attack in Djibo", "Al-Shabaab ambush", "Clashes in El Fasher",
                "Attack on Hasakah prison"} <= titles
        feed = next(a for a in store.analyses() if a.document.title == "JNIM attack in Djibo")
        assert (feed.document.publisher, feed.document.published, feed.document.url) == (
            "Sahel Monitor", "2024-09-03", "https://example.org/djibo")
        warc = next(a for a in store.analyses() if a.document.title == "Attack on Hasakah prison")
        assert warc.document.url == "https://example.org/hasakah"
        wire = store.analysis(next(iter(store.duplicates().values())))
        assert {("fighters", 4000, 6000), ("arrested", 12, 12)} <= {(c.attribute, c.value.low, c.value.high)
                                                                    for c in wire.claims}
        # The syndicated copy is stored as a copy of the original, without facts of its own.
        (copy, original), = store.duplicates().items()
        assert store.document_text(original) == WIRE
        assert store.analysis(copy).relations == () and store.analysis(copy).claims == ()
        assert summary.facts["claims"] == sum(len(a.claims) for a in store.analyses())
        # A second run finds everything stored and does nothing else.
        again = ingest([mixed_folder], store, InProcess(pipeline))
        assert (again.new, again.already_stored, again.near_duplicate) == (0, 7, 0)


def test_expand_sources_globs_and_missing_paths(mixed_folder):
    found, failures = expand_sources([mixed_folder / "wire" / "*.txt", mixed_folder / "nowhere", "https://x.org/a"])
    assert [p.split("/")[-1] for p in found[:3]] == ["original.txt", "same-again.txt", "syndicated.txt"]
    assert found[3] == "https://x.org/a"
    assert [f.reason for f in failures] == ["no such file or directory; check the path"]


def test_worker_processes_give_the_same_model(pipeline, tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    with Store(one) as store:
        ingest([EXAMPLES], store, InProcess(pipeline))
    engine = WorkerProcesses(2)
    try:
        with Store(two) as store:
            summary = ingest([EXAMPLES], store, engine, batch=2)
    finally:
        engine.close()
    assert summary.new == 7
    assert table_counts(one) == table_counts(two)


def test_dask_local_cluster_gives_the_same_model(pipeline, tmp_path):
    pytest.importorskip("distributed")
    from faultlines.engines import DaskCluster

    one, two = tmp_path / "one.db", tmp_path / "dask.db"
    with Store(one) as store:
        ingest([EXAMPLES], store, InProcess(pipeline))
    engine = DaskCluster(workers=2)
    try:
        assert engine.workers == 2
        with Store(two) as store:
            summary = ingest([EXAMPLES], store, engine)
    finally:
        engine.close()
    assert summary.new == 7 and not summary.failed
    assert table_counts(one) == table_counts(two)


def table_counts(path):
    db = sqlite3.connect(path)
    tables = ("documents", "entities", "mentions", "relations", "events", "claims", "causal_links")
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    counts["per_document"] = sorted(db.execute(
        "SELECT d.id, (SELECT count(*) FROM relations r WHERE r.document_id = d.id), "
        "(SELECT count(*) FROM claims c WHERE c.document_id = d.id) FROM documents d").fetchall())
    db.close()
    return counts


def write_reports(folder, n, long_tail=0):
    """`n` short reports; the last `long_tail` of them 150 times as long, so that an ingest of them
    spends seconds on its last batch, after the first are stored (a window to interrupt it in)."""
    provinces = ["Nangarhar", "Kunar", "Kabul", "Herat", "Kandahar", "Helmand", "Balkh", "Kunduz", "Logar", "Paktia"]
    for i in range(n):
        place = provinces[i % len(provinces)]
        paragraphs = 150 if i >= n - long_tail else 1
        (folder / f"report-{i:03d}.txt").write_text(f"Report {i}. " + " ".join(
            f"In week {i + k} of the year, {i + k + 3} fighters of ISIS-K attacked a Taliban post in {place}. "
            f"The Taliban said {i + k + 1} attackers were arrested near {place} after the clash on day {i + k}."
            for k in range(paragraphs)))


# Analyses reach the store a batch of 32 at a time, so short reports alone could all be stored
# between two looks at it; the long last batch keeps the ingest busy for seconds after the first.
REPORTS_TO_KILL = 120
LONG_TAIL = 24


def test_kill_minus_nine_then_resume_stores_each_document_once(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    write_reports(folder, REPORTS_TO_KILL, LONG_TAIL)
    db = tmp_path / "killed.db"
    command = [sys.executable, "-m", "faultlines", "ingest", str(folder), "--db", str(db), "--workers", "1",
               "--batch-size", "4", "--keep-near-duplicates", "--model", "blank", "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(db, timeout=1) as check:
                stored = check.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:
            continue
        if stored >= 8:
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert 8 <= stored < REPORTS_TO_KILL, "the ingest finished before it could be killed"
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check.execute("SELECT count(*) FROM documents").fetchone()[0] % 4 == 0  # whole batches only
    resumed = subprocess.run([*command[:-1], "--json"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads(resumed.stdout)
    assert report["already_stored"] >= 8 and report["already_stored"] + report["new"] == REPORTS_TO_KILL
    reference = tmp_path / "reference.db"
    subprocess.run([*command[:6], str(reference), *command[7:]], check=True, timeout=300)
    assert table_counts(db) == table_counts(reference)
