"""What the web app keeps: built once per store version and key, rebuilt when the store changes,
the least recently asked for dropped first."""

from faultlines.web.kept import Kept


def test_a_thing_is_built_once_per_version_and_rebuilt_when_the_store_changes():
    built = []
    kept = Kept(2)

    def build(value):
        built.append(value)
        return value

    assert kept.get((1, "t1"), "isis-k", lambda: build("a")) == "a"
    assert kept.get((1, "t1"), "isis-k", lambda: build("b")) == "a"  # kept
    assert kept.get((2, "t2"), "isis-k", lambda: build("c")) == "c"  # a document was saved
    assert built == ["a", "c"]


def test_the_least_recently_asked_for_goes_first():
    kept = Kept(2)
    kept.get(1, "x", lambda: "x1")
    kept.get(1, "y", lambda: "y1")
    kept.get(1, "x", lambda: "x2")  # x asked for again: y is now the oldest
    kept.get(1, "z", lambda: "z1")
    assert kept.get(1, "x", lambda: "x3") == "x1"
    assert kept.get(1, "y", lambda: "y2") == "y2"  # dropped, built again
