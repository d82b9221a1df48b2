"""The project's worked cases stay equal to the clinical reference they were copied from.

tests/screening/vignettes.json is a copy of the reference's worked cases (``vignettes/
screening.json`` of the material the screening rules are written from, kept in a ``shared``
folder beside the checkout while the project is developed). Every other reader uses the copy, so
a clone stands on its own. This test, and only this one, looks outside the repository: when the
reference is there, the copy must equal it, case by case; when it is not, the test is skipped and
says why. After the reference changes (new rules), copy it again:
``cp ../shared/vignettes/screening.json tests/screening/vignettes.json``.
"""

import json

import pytest

from tests.screening.conftest import REPO_ROOT, VIGNETTES_FILE

REFERENCE = REPO_ROOT.parent / "shared" / "vignettes" / "screening.json"


def _by_id(document: dict) -> dict[str, dict]:
    return {case["id"]: case for case in document["vignettes"]}


def test_the_copy_of_the_worked_cases_equals_the_reference():
    if not REFERENCE.is_file():
        pytest.skip(f"no reference to compare the worked cases with: {REFERENCE} is absent")
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    copy = json.loads(VIGNETTES_FILE.read_text(encoding="utf-8"))
    theirs, ours = _by_id(reference), _by_id(copy)

    differences = [
        *(f"{key} is only in the reference" for key in theirs.keys() - ours.keys()),
        *(f"{key} is only in the copy" for key in ours.keys() - theirs.keys()),
        *(f"{key} differs" for key in theirs.keys() & ours.keys() if theirs[key] != ours[key]),
    ]
    if reference.get("about") != copy.get("about"):
        differences.append("the description (about) differs")

    assert sorted(differences) == [], f"copy it again from {REFERENCE}"
    assert copy == reference  # same cases in the same order, nothing else added
