"""The bench's simulated people, walked through the real wizard: what they tick and type is what
the wizard accepts, so every one of them reaches the result (a refused step would be counted as
an error in `make bench`)."""

import random

import pytest

from bench.load import csrf_form
from bench.scenarios import (
    BEGIN_PATH,
    MAX_STEPS,
    RESULT_PATH,
    STEP_PATH,
    _as_fields,
    _is_final,
    _refused,
    fill,
    realistic_answers,
)

pytestmark = pytest.mark.django_db

PEOPLE = 30


def _walk(client, wanted: dict[str, list[str]], rng: random.Random) -> str:
    """Where one person ends up; fails on the first step the wizard refuses."""
    page = client.get(BEGIN_PATH, follow=True)
    for _ in range(MAX_STEPS):
        form = csrf_form(page.content.decode(), STEP_PATH)
        if form is None:
            page = client.get(BEGIN_PATH, follow=True)
            continue
        page = client.post(form.action, fill(form, wanted, rng), follow=True)
        assert not _refused(page.content.decode()), f"refused at {form.action}"
        if _is_final(form):
            return page.request["PATH_INFO"]
    raise AssertionError("the wizard never reached its last step")


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_simulated_person_reaches_the_result(client, settings, language):
    settings.DOORWAY_RATE_STEPS = settings.DOORWAY_RATE_INTAKES = "1000000/h"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for number in range(PEOPLE):
        rng = random.Random(number)
        wanted = _as_fields(realistic_answers(rng), number, rng, language)
        assert _walk(client, wanted, rng) == RESULT_PATH
        client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
