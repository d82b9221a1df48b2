"""Every worked case (tests/screening/vignettes.json) gives the documented assessment."""

import pytest

from screening import evaluate, parse_answers
from tests.screening.conftest import load_vignettes

VIGNETTES = load_vignettes()


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[vignette["id"] for vignette in VIGNETTES])
def test_vignette_gives_documented_assessment(vignette):
    assessment = evaluate(parse_answers(vignette["answers"])).to_dict()
    expect = vignette["expect"]

    assert assessment["level"] == expect["level"]
    assert assessment["crisis"] is expect["crisis"]
    assert assessment["priority"] == expect["priority"]
    assert assessment["severity"] == expect["severity"]
    assert set(assessment["flags"]) == set(expect["flags"])
    assert assessment["flags"] == sorted(expect["flags"])


def test_every_vignette_is_checked():
    assert len(VIGNETTES) >= 28
