"""Limits protect resources, never a person's right to be called back.

The counts live in the real Redis (the suite's cache); each test starts with none. The rates
are per day: a count's window can end during a test, and a day's ends rarely.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from admissions.models import Lead
from tests.intake.conftest import STEP_POSTS, step_url
from tests.security.images import photo

REACH_OUT = {"finish": {"finish": "reach_out"}}
CRISIS = {"safety": {**STEP_POSTS["safety"], "suicidal_thoughts": "yes", "plan": "yes"}}
# Medically unstable: urgent without any crisis answer.
URGENT = {"health": {"medical_unstable": "yes"}}


def use_up_the_intake_limit(walker) -> None:
    walker.walk(changes=REACH_OUT)
    assert walker.send()["Location"] == "/screen/result/"


@override_settings(DOORWAY_RATE_INTAKES="1/d")
@pytest.mark.parametrize("answers", [CRISIS, URGENT], ids=["crisis", "urgent"])
def test_a_crisis_or_urgent_screening_over_the_intake_limit_is_saved_and_marked(
    walker, client, answers
):
    use_up_the_intake_limit(walker)
    walker.walk(changes={**REACH_OUT, **answers})
    response = walker.send()
    assert response["Location"] == "/screen/result/"
    over = Lead.objects.order_by("pk").last()
    assert (Lead.objects.count(), over.priority, over.over_rate_limit) == (2, "urgent", True)
    assert Lead.objects.order_by("pk").first().over_rate_limit is False
    assert "within 15 minutes" in client.get("/screen/result/").content.decode()


@override_settings(DOORWAY_RATE_INTAKES="1/d", DOORWAY_RATE_STEPS="1/d")
def test_a_crisis_screening_is_sent_even_when_the_address_is_over_the_step_limit_too(walker):
    with override_settings(DOORWAY_RATE_STEPS="1000/d"):
        use_up_the_intake_limit(walker)
        walker.walk(changes={**REACH_OUT, **CRISIS})
    walker.post("start")
    assert walker.post("start").status_code == 429, "the step limit is really reached"
    assert walker.send()["Location"] == "/screen/result/"
    assert Lead.objects.filter(crisis=True, over_rate_limit=True).count() == 1


@override_settings(DOORWAY_RATE_INTAKES="1/d")
def test_a_routine_screening_over_the_limit_waits_with_its_answers_kept(walker, client):
    use_up_the_intake_limit(walker)
    walker.walk(changes={**REACH_OUT, "contact": {**STEP_POSTS["contact"], "first_name": "Ash"}})
    response = walker.send()
    assert response.status_code == 429
    page = response.content.decode()
    assert "Please wait a moment" in page and "Your answers are kept" in page
    assert f'href="{step_url("review")}"' in page and 'href="tel:988"' in page
    assert Lead.objects.count() == 1

    # Later (the day is over): the same screening goes through from the review page.
    from django.core.cache import cache

    cache.clear()
    assert walker.send()["Location"] == "/screen/result/"
    assert Lead.objects.filter(first_name="Ash", over_rate_limit=False).count() == 1


@override_settings(DOORWAY_RATE_INTAKES="1/d")
def test_the_wait_page_speaks_spanish(walker, client):
    use_up_the_intake_limit(walker)
    walker.walk(changes=REACH_OUT)
    client.post("/i18n/setlang/", {"language": "es", "next": step_url("review")})
    page = walker.send().content.decode()
    assert "Espera un momento, por favor" in page
    assert "Volver a mis respuestas" in page
    assert "Línea Nacional de Ayuda de SAMHSA" in page


def upload_card(client, address: str):
    card = SimpleUploadedFile("card.jpg", photo("JPEG"), "image/jpeg")
    return client.post("/screen/insurance-card/", {"front": card}, REMOTE_ADDR=address)


@override_settings(DOORWAY_RATE_UPLOADS="2/d")
def test_card_photos_are_limited_per_address_and_per_lead(walker, client):
    walker.walk(changes=REACH_OUT)
    walker.send()
    assert [upload_card(client, "203.0.113.7").status_code for _ in range(2)] == [302, 302]
    refused = upload_card(client, "203.0.113.7")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Your screening has reached us" in page and 'href="/screen/result/"' in page
    # The same lead from another address is still counted: it is the decoding that costs.
    assert upload_card(client, "198.51.100.4").status_code == 429
    assert Lead.objects.get().insurance_cards.count() == 1
