"""The person adds card photos from their own result; only staff see them, and it is audited."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from admissions.insurance import VIEW_INSURANCE_CARD, insurance_card_add
from admissions.models import AuditEntry, InsuranceCard, Lead
from tests.auth import log_in
from tests.factories import LeadFactory
from tests.security.images import CAMERA_MODEL, photo

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/screen/insurance-card/"


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


@pytest.fixture
def patient(client):
    """A person who has just sent their screening: their session knows their lead."""
    lead = LeadFactory()
    session = client.session
    session["intake_result"] = {"lead_id": lead.pk}
    session.save()
    client.lead = lead
    return client


# --- The person's side -----------------------------------------------------------------------


def test_upload_page_is_where_the_route_says():
    assert reverse("intake:insurance_card") == UPLOAD_URL


def test_person_adds_front_and_back_and_sees_them_received(patient):
    response = patient.post(
        UPLOAD_URL,
        {"front": upload("front.jpg", photo("JPEG")), "back": upload("back.webp", photo("WEBP"))},
        follow=True,
    )
    assert response.status_code == 200
    assert "we received your photo" in response.content.decode()
    cards = InsuranceCard.objects.filter(lead=patient.lead)
    assert sorted(cards.values_list("side", flat=True)) == ["back", "front"]
    for card in cards:
        assert CAMERA_MODEL.encode() not in bytes(card.image)
    added = AuditEntry.objects.filter(lead=patient.lead, action="add_insurance_card")
    assert [entry.ip for entry in added] == [None, None], "the person's address is not kept"


def test_after_a_real_screening_the_person_can_add_their_card(client):
    from tests.intake.conftest import Walker

    walker = Walker(client)
    walker.walk(changes={"finish": {"finish": "reach_out"}})
    assert walker.send()["Location"] == "/screen/result/"
    result = client.get("/screen/result/").content.decode()
    assert f'href="{UPLOAD_URL}"' in result, "the result page offers the card step"
    response = client.post(UPLOAD_URL, {"front": upload("front.png", photo("PNG"))})
    assert response.status_code == 302
    card = InsuranceCard.objects.get()
    assert card.lead == Lead.objects.get()


def test_an_anonymous_result_offers_no_card_step(client):
    from tests.intake.conftest import Walker

    walker = Walker(client)
    walker.walk()
    walker.send()
    assert UPLOAD_URL not in client.get("/screen/result/").content.decode()
    assert client.get(UPLOAD_URL).status_code == 302


def test_uploaded_file_name_is_not_kept(patient):
    patient.post(UPLOAD_URL, {"front": upload("jane-doe-medicaid.jpg", photo("JPEG"))})
    card = InsuranceCard.objects.get(lead=patient.lead)
    assert "jane" not in card.name
    assert len(card.name) == 32


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("card.gif", photo("GIF", exif=False)),
        ("card.pdf", b"%PDF-1.7\n%%EOF\n"),
        ("card.jpg", b"this is text pretending to be a photo"),
    ],
)
def test_wrong_kind_of_file_gets_a_clear_message_and_nothing_is_stored(patient, name, content):
    response = patient.post(UPLOAD_URL, {"front": upload(name, content)})
    assert response.status_code == 400
    assert "JPEG, PNG or WebP" in response.content.decode()
    assert not InsuranceCard.objects.exists()


def test_photo_over_10_mb_gets_a_clear_message(patient):
    big = upload("card.jpg", b"\xff" * (11 * 1024 * 1024))
    response = patient.post(UPLOAD_URL, {"front": big})
    assert response.status_code == 400
    assert "10 MB" in response.content.decode()
    assert not InsuranceCard.objects.exists()


def test_sending_no_photo_asks_for_one(patient):
    response = patient.post(UPLOAD_URL, {})
    assert response.status_code == 400
    assert "Choose a photo" in response.content.decode()


def test_without_a_screening_of_their_own_nobody_can_upload(client):
    lead = LeadFactory()
    response = client.post(UPLOAD_URL, {"front": upload("f.jpg", photo("JPEG")), "lead": lead.pk})
    assert response.status_code == 302
    assert not InsuranceCard.objects.exists()


# --- The staff side --------------------------------------------------------------------------


@pytest.fixture
def card():
    lead = LeadFactory()
    return insurance_card_add(lead=lead, side="front", upload=photo("PNG"))


def image_url(card) -> str:
    return reverse("admissions:insurance_card_image", args=[card.lead_id, card.name])


def test_supervisor_sees_the_photo_and_the_view_is_audited(client, supervisor, card):
    log_in(client, supervisor)
    page = client.get(reverse("admissions:lead_insurance", args=[card.lead_id]))
    assert page.status_code == 200
    assert image_url(card) in page.content.decode()

    response = client.get(image_url(card))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"  # every photo is stored as a JPEG
    assert "no-store" in response["Cache-Control"]
    assert Image.open(BytesIO(response.content)).format == "JPEG"
    entry = AuditEntry.objects.get(action=VIEW_INSURANCE_CARD)
    assert (entry.user, entry.lead_id, entry.detail) == (
        supervisor,
        card.lead_id,
        {"side": "front"},
    )


def test_lead_page_links_to_the_card_photos(client, supervisor, card):
    log_in(client, supervisor)
    html = client.get(reverse("admissions:lead_detail", args=[card.lead_id])).content.decode()
    assert reverse("admissions:lead_insurance", args=[card.lead_id]) in html


def test_counsellor_sees_an_unassigned_leads_photo(client, counsellor, card):
    log_in(client, counsellor)
    assert client.get(image_url(card)).status_code == 200


def test_counsellor_cannot_see_another_counsellors_leads_photo(
    client, counsellor, other_counsellor, card
):
    card.lead.assigned_to = other_counsellor
    card.lead.save()
    log_in(client, counsellor)
    assert client.get(image_url(card)).status_code == 404
    assert not AuditEntry.objects.filter(action=VIEW_INSURANCE_CARD).exists()


def test_outsider_is_refused(client, outsider, card):
    log_in(client, outsider)
    assert client.get(image_url(card)).status_code == 403
    assert client.get(reverse("admissions:lead_insurance", args=[card.lead_id])).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client, card):
    response = client.get(image_url(card))
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_photo_of_another_lead_cannot_be_reached_through_this_lead(client, supervisor, card):
    other = LeadFactory()
    log_in(client, supervisor)
    url = reverse("admissions:insurance_card_image", args=[other.pk, card.name])
    assert client.get(url).status_code == 404
