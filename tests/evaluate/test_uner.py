"""The UNER reader (general web English): documents rebuilt from sentences, spans on characters."""

from faultlines.evaluate.uner import read_uner

IOB2 = """# newdoc id = doc-1
# sent_id = doc-1-0001
# text = Bush met Kofi Annan in New York.
1\tBush\tB-PER\t-\t-
2\tmet\tO\t-\t-
3\tKofi\tB-PER\t-\t-
4\tAnnan\tI-PER\t-\t-
5\tin\tO\t-\t-
6\tNew\tB-LOC\t-\t-
7\tYork\tI-LOC\t-\t-
8\t.\tO\t-\t-

# sent_id = doc-1-0002
# text = The UN did n't.
1\tThe\tO\t-\t-
2\tUN\tB-ORG\t-\t-
3\tdid\tO\t-\t-
4\tn't\tO\t-\t-
5\t.\tO\t-\t-

# newdoc id = doc-2
# sent_id = doc-2-0001
# text = Paris
1\tParis\tB-LOC\t-\t-
"""


def test_uner_reader_documents_and_spans(tmp_path):
    path = tmp_path / "sample.iob2"
    path.write_text(IOB2, encoding="utf-8")
    first, second = read_uner(path)
    assert first.text == "Bush met Kofi Annan in New York.\nThe UN did n't."
    spans = sorted((first.text[s:e], t) for s, e, t in first.gold)
    assert spans == [("Bush", "Person"), ("Kofi Annan", "Person"), ("New York", "Location"),
                     ("UN", "Organisation")]
    assert second.id == "doc-2" and {(second.text[s:e], t) for s, e, t in second.gold} == {("Paris", "Location")}
