"""Spanish in the shared parts of every page: one translation per English text, the language
switch, the wizard's Back button and the time of day a person wants a call."""

import gettext

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from admissions.models import InsuranceCard
from tests.auth import log_in
from tests.conftest import REPO_ROOT
from tests.factories import LeadFactory
from tests.intake.conftest import Walker, step_url

CATALOGUES = [
    REPO_ROOT / "locale/es/LC_MESSAGES/django.mo",
    *sorted(REPO_ROOT.glob("*/locale/es/LC_MESSAGES/django.mo")),
]


def test_the_same_english_text_has_the_same_spanish_in_every_catalogue():
    # Django merges every app's catalogue into one: when two disagree, one silently wins on
    # every page (the staff "Reverso" for a card's back once became the screening's Back button).
    # Words that must differ by place need a context (pgettext).
    seen: dict[object, tuple[str, object]] = {}
    disagreements = []
    for path in CATALOGUES:
        with path.open("rb") as file:
            catalogue = gettext.GNUTranslations(file)._catalog
        for msgid, msgstr in catalogue.items():
            if msgid == "":
                continue
            where = path.relative_to(REPO_ROOT).parts[0]
            if msgid in seen and seen[msgid][1] != msgstr:
                disagreements.append((msgid, seen[msgid], (where, msgstr)))
            seen.setdefault(msgid, (where, msgstr))
    assert len(CATALOGUES) >= 4
    assert disagreements == []


def spanish(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"


@pytest.mark.django_db
def test_the_language_switch_names_each_language_in_itself(client):
    english_page = client.get("/").content.decode()
    assert ">Español</button>" in english_page and ">Spanish<" not in english_page
    spanish(client)
    spanish_page = client.get("/").content.decode()
    assert ">English</button>" in spanish_page and "Inglés</button>" not in spanish_page


@pytest.mark.django_db
def test_the_screening_back_button_says_atras_and_a_card_back_still_says_reverso(client):
    spanish(client)
    walker = Walker(client)
    walker.walk(until="age")
    step = client.get(step_url("age")).content.decode()
    assert 'value="back">Atrás</button>' in step
    assert "Reverso" not in step
    with translation.override("es"):
        assert InsuranceCard(side="back").get_side_display() == "Reverso"


@pytest.mark.django_db
def test_the_contact_step_offers_times_of_day_as_a_spanish_speaker_says_them(client):
    spanish(client)
    Walker(client).walk(until="contact", changes={"finish": {"finish": "reach_out"}})
    contact = client.get(step_url("contact")).content.decode()
    for words in ("A cualquier hora", "Por la mañana", "Por la tarde", "Por la noche"):
        assert words in contact
    assert ">Mañana<" not in contact


@pytest.mark.django_db
def test_staff_see_the_time_a_caller_prefers_in_the_same_words(client, supervisor):
    lead = LeadFactory(contact_time="morning")
    log_in(client, supervisor)
    spanish(client)
    page = client.get(reverse("admissions:lead_detail", args=[lead.pk])).content.decode()
    assert "Por la mañana" in page
