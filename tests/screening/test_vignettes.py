"""Every worked case (tests/screening/vignettes.json) gives the documented assessment."""

import json
import subprocess
import sys

import pytest

from screening import evaluate, parse_answers
from tests.screening.conftest import REPO_ROOT, load_vignettes

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
    assert len(VIGNETTES) == 40


def test_every_vignette_through_manage_py_screen_gives_the_documented_assessment():
    result = subprocess.run(
        [sys.executable, "manage.py", "screen"],
        cwd=REPO_ROOT,
        input=json.dumps([vignette["answers"] for vignette in VIGNETTES]),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert (result.returncode, result.stderr) == (0, "")
    printed = json.loads(result.stdout)
    differences = [
        vignette["id"]
        for vignette, assessment in zip(VIGNETTES, printed, strict=True)
        if {key: assessment[key] for key in ("level", "crisis", "priority", "severity")}
        != {key: vignette["expect"][key] for key in ("level", "crisis", "priority", "severity")}
        or assessment["flags"] != sorted(vignette["expect"]["flags"])
        or assessment["rules_version"] != "2.0.0"
    ]
    assert differences == []
