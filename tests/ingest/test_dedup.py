"""MinHash signatures tell a syndicated copy from a different story on the same subject."""

from faultlines.ingest.dedup import BANDS, NEAR_DUPLICATE, band_hashes, signature, similarity
from tests.test_corpus import SYNDICATED, WIRE

OTHER = ("JALALABAD — The Taliban said on Wednesday that their forces had killed three members of the "
         "Islamic State Khorasan Province in a raid in Nangarhar province, where the group has been active "
         "since 2015. A Taliban spokesman said weapons and explosives were seized in the raid.")


def test_syndicated_copy_is_near_and_another_story_is_not():
    wire, copy, other = signature(WIRE), signature(SYNDICATED), signature(OTHER)
    assert similarity(wire, copy) >= NEAR_DUPLICATE
    assert similarity(wire, other) < 0.2
    assert set(band_hashes(wire)) & set(band_hashes(copy))
    assert not set(band_hashes(wire)) & set(band_hashes(other))


def test_signatures_are_stable_and_case_blind():
    assert (signature(WIRE) == signature(WIRE.upper())).all()
    assert band_hashes(signature(WIRE)) == band_hashes(signature(WIRE))
    assert len(band_hashes(signature(WIRE))) == BANDS
    assert similarity(signature("one two"), signature("one two")) == 1.0  # shorter than a shingle
