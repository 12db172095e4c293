"""Time expressions resolved against the publication date, partial where the text is partial."""

import pytest

from faultlines.extract.context import time_of


@pytest.mark.parametrize(("text", "expected"), [
    ("ISIS-K officially began its activities in 2014", "2014"),
    ("In mid-2020, ISIS-K elected a new Emir", "2020"),
    ("In the first two months of 2021 alone", "2021-01/2021-02"),
    ("Since early 2021, they tried to reclaim territory", "2021-01/2021-11-09"),
    ("Since May 2024 the RSF has besieged El Fasher", "2024-05/2021-11-09"),
    ("The ISIS-K has intensified its attacks since the Taliban took the power.", "2021-08-15/2021-11-09"),
    ("the group could rebuild its capabilities within two years", "2021-11-09/2023-11-09"),
    ("Recently, the residents of Uruzgan province announced", "2021-05/2021-11-09"),
    ("Attacks rose last year", "2020"),
    ("an attack on 24 August 2024 in Barsalogho", "2024-08-24"),
    ("fighting in October 2022", "2022-10"),
])
def test_time_resolved_against_publication(text, expected):
    assert time_of(text, "2021-11-09") == expected


def test_time_without_publication_date_keeps_open_intervals():
    assert time_of("since the fall of Kabul", None) == "2021-08-15/.."
    assert time_of("Attacks rose last year", None) is None


def test_time_partial_publication_date_stays_partial():
    assert time_of("within two years", "2021") == "2021/2023"


def test_time_none_without_a_time_expression():
    assert time_of("The Taliban and ISIS differ in appearance and tactics.", "2021-11-09") is None
