"""Exports are written whole or not at all: a writer failing or killed halfway leaves the previous
good file where it was, never a truncated one."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import faultlines.export.atomic as atomic
from faultlines.errors import ExportError
from faultlines.export import FORMATS, write_export
from faultlines.model import Analysis, Document


def snapshot(paths):
    return {p.name: p.read_bytes() for p in paths}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_failed_export_leaves_the_previous_files(fmt, corpus, tmp_path, monkeypatch):
    out = tmp_path / ("export" if FORMATS[fmt][2].endswith("/") else f"export.{fmt}")
    before = snapshot(write_export(fmt, corpus[:2], out))

    def fail(path):  # the new file is written in full, then the disk fills up before the rename
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "_sync", fail)
    with pytest.raises(ExportError, match="No space left on device"):
        write_export(fmt, corpus, out)
    paths = sorted(out.iterdir()) if out.is_dir() else [out]
    assert snapshot(paths) == before
    assert not [p for p in tmp_path.rglob(".*")], "a temporary file was left behind"


class Broken(Analysis):
    def to_dict(self):
        raise RuntimeError("the writer fails halfway")


def test_json_export_failing_halfway_leaves_the_previous_file(corpus, tmp_path):
    out = tmp_path / "model.json"
    write_export("json", corpus, out)
    before = out.read_bytes()
    with pytest.raises(RuntimeError):
        write_export("json", [*corpus, Broken(Document("x", "text"))], out)
    assert out.read_bytes() == before and len(json.loads(before)) == len(corpus)
    assert list(tmp_path.iterdir()) == [out]


# A large export (about 60 MB of JSON) written in a process the test kills with SIGKILL.
LARGE_EXPORT = """
import sys
from pathlib import Path
from faultlines.export import write_export
from faultlines.model import Analysis, Document
text = "Fighters attacked an army post near the river crossing at dawn. " * 1500
write_export("json", [Analysis(Document(f"d{i}", text)) for i in range(600)], Path(sys.argv[1]))
"""


def test_export_killed_mid_write_leaves_the_previous_file(corpus, tmp_path):
    out = tmp_path / "model.json"
    write_export("json", corpus[:1], out)
    before = out.read_bytes()
    writer = subprocess.Popen([sys.executable, "-c", LARGE_EXPORT, str(out)])
    deadline = time.monotonic() + 120
    partial = []
    while time.monotonic() < deadline and writer.poll() is None:
        partial = [p for p in tmp_path.glob(".model.json.*") if p.stat().st_size > 1_000_000]
        if partial:
            break
        time.sleep(0.01)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert partial, "the export ended before it could be killed"
    assert out.read_bytes() == before  # the old, valid file
    json.loads(out.read_text())


# A writer that opens its temporary file, says where it is, and waits to be killed.
STALLED_WRITER = """
import sys, time
from pathlib import Path
from faultlines.export.atomic import atomic_path
with atomic_path(Path(sys.argv[1])) as tmp:
    tmp.write_text('{"half": ')
    print(tmp, flush=True)
    time.sleep(600)
"""


def start_stalled_writer(out):
    writer = subprocess.Popen([sys.executable, "-c", STALLED_WRITER, str(out)], stdout=subprocess.PIPE,
                              text=True)
    return writer, Path(writer.stdout.readline().strip())


def leftover_of_killed_writer(out):
    """The temporary file an export killed with kill -9 leaves behind."""
    writer, leftover = start_stalled_writer(out)
    writer.kill()
    writer.wait()
    return leftover


def age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.mark.issue(17)
def test_export_removes_the_stale_temporary_a_killed_export_left(corpus, tmp_path):
    out = tmp_path / "model.json"
    leftover = leftover_of_killed_writer(out)
    assert leftover.exists()
    age(leftover, atomic.STALE_AFTER + 60)
    other = tmp_path / ".other.json.0123abcd.tmp.json"  # another target's, not ours to remove
    other.write_text("{}")
    age(other, atomic.STALE_AFTER + 60)
    write_export("json", corpus, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "model.json"]


@pytest.mark.issue(17)
def test_export_keeps_a_recent_temporary(corpus, tmp_path):
    out = tmp_path / "model.json"
    leftover = leftover_of_killed_writer(out)
    write_export("json", corpus, out)  # it may be a concurrent export's, just started
    assert leftover.exists()


@pytest.mark.issue(17)
def test_export_keeps_the_temporary_of_a_live_writer_however_old(corpus, tmp_path):
    out = tmp_path / "model.json"
    writer, busy = start_stalled_writer(out)
    try:
        age(busy, atomic.STALE_AFTER + 60)  # stalled longer than the limit, but alive
        write_export("json", corpus, out)
        assert busy.exists()
        assert atomic.remove_stale_temporaries(out) == []
    finally:
        writer.kill()
        writer.wait()
    assert atomic.remove_stale_temporaries(out) == [busy] and not busy.exists()
