"""The benefits pages: who may open each, the coverage panel on the lead page, the forms, the
queue, and every answer in plain words."""

import html
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from admissions.models import AuditEntry, InsuranceCard
from benefits.audit import Action
from benefits.choices import Verification
from benefits.models import BenefitsCheck, Coverage, Payer
from benefits.services import coverage_set_outcome
from benefits.tasks import run_benefits_check
from tests.auth import log_in
from tests.benefits.conftest import coverage_data, give_coverage
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
PERSONAS = ["anonymous", "outsider", "counsellor", "other_counsellor", "benefits", "supervisor"]
# url name, method, answer for counsellor / other counsellor / benefits / supervisor. The lead
# is the counsellor's; anonymous always goes to the login page and an outsider gets 403.
MATRIX = [
    ("queue", "get", [FORBIDDEN, FORBIDDEN, OK, OK]),
    ("lead", "get", [OK, NOT_FOUND, OK, OK]),
    ("coverage", "get", [OK, NOT_FOUND, OK, OK]),
    ("coverage", "post", [REDIRECT, NOT_FOUND, REDIRECT, REDIRECT]),
    ("check", "post", [REDIRECT, NOT_FOUND, REDIRECT, REDIRECT]),
    ("phone_check", "get", [OK, NOT_FOUND, OK, OK]),
    ("phone_check", "post", [REDIRECT, NOT_FOUND, REDIRECT, REDIRECT]),
    ("outcome", "post", [FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT]),
    ("check_detail", "get", [OK, NOT_FOUND, OK, OK]),
]
POSTS = {
    "coverage": {"payment_type": "medicaid"},
    "phone_check": {"active": "yes"},
    "outcome": {"outcome": "verified"},
}


def cases():
    for name, method, answers in MATRIX:
        expected = {"anonymous": "login", "outsider": FORBIDDEN}
        expected.update(
            zip(["counsellor", "other_counsellor", "benefits", "supervisor"], answers, strict=True)
        )
        for persona in PERSONAS:
            yield pytest.param(
                name, method, persona, expected[persona], id=f"{name}-{method}-{persona}"
            )


@pytest.mark.parametrize(("name", "method", "persona", "expected"), list(cases()))
def test_every_benefits_url_answers_each_persona_as_documented(
    client,
    request,
    counsellor,
    other_counsellor,
    benefits,
    supervisor,
    outsider,
    name,
    method,
    persona,
    expected,
):
    lead = LeadFactory(assigned_to=counsellor)
    check = BenefitsCheck.objects.create(lead=lead, back_end="manual", state="answered")
    if persona != "anonymous":
        log_in(client, request.getfixturevalue(persona))
    args = {"queue": []}.get(name, [lead.pk] if name != "check_detail" else [lead.pk, check.pk])
    url = reverse(f"benefits:{name}", args=args)
    response = getattr(client, method)(url, POSTS.get(name, {}))
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/login/")
    else:
        assert response.status_code == expected


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def words(client, url: str) -> str:
    """The page as a person reads it: no tags, one space between words."""
    return " ".join(strip_tags(page(client, url)).split())


@pytest.fixture
def signed_in(client, counsellor):
    log_in(client, counsellor)
    return client


def test_the_lead_page_shows_coverage_and_links_to_the_card_photos(signed_in, counsellor, payer):
    lead = LeadFactory(assigned_to=counsellor)
    give_coverage(lead, payer, group_number="GRP77")
    InsuranceCard.objects.create(
        lead=lead, side="front", content_type="image/png", image=b"x", width=1, height=1
    )
    content = page(signed_in, reverse("admissions:lead_detail", args=[lead.pk]))
    for shown in (
        "Insurance and benefits",
        "Commercial insurance",
        "Acme Health Plan",
        "In network",
        "W123456789",
        "GRP77",
        "Not yet verified",
        "Insurance card photos",
        "No benefits check yet.",
    ):
        assert shown in content
    assert "Record a phone check" in content
    assert "Check benefits" not in content, "no clearinghouse is set up"
    assert "never needed to admit anyone" in content


def test_a_lead_without_coverage_invites_staff_to_add_it(signed_in, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    content = page(signed_in, reverse("admissions:lead_detail", args=[lead.pk]))
    assert "Nobody has recorded how this person will pay yet." in content
    assert "Add coverage" in content


def test_a_refused_coverage_form_shows_every_problem_and_keeps_what_was_typed(
    signed_in, counsellor, payer
):
    lead = LeadFactory(assigned_to=counsellor)
    data = {
        "payment_type": "commercial",
        "payer": str(payer.pk),
        "member_id": "W12 34",
        "subscriber": "other",
        "subscriber_first_name": "Maria",
        "subscriber_birth_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
    }
    response = signed_in.post(reverse("benefits:coverage", args=[lead.pk]), data)
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "No spaces: type it as on the card" in content
    assert "A date of birth cannot be in the future." in content
    assert 'value="W12 34"' in content and 'value="Maria"' in content
    assert not Coverage.objects.filter(lead=lead).exists()


def test_saved_coverage_goes_back_to_the_lead_page_and_is_audited(signed_in, counsellor, payer):
    lead = LeadFactory(assigned_to=counsellor)
    lead_url = reverse("admissions:lead_detail", args=[lead.pk])
    data = {**coverage_data(payer), "next": lead_url}
    response = signed_in.post(reverse("benefits:coverage", args=[lead.pk]), data)
    assert (response.status_code, response["Location"]) == (302, lead_url)
    assert Coverage.objects.get(lead=lead).member_id == "W123456789"
    assert AuditEntry.objects.filter(
        lead=lead, action=Action.COVERAGE_SAVED, user=counsellor
    ).exists()
    elsewhere = {**data, "next": "https://elsewhere.example/"}
    response = signed_in.post(reverse("benefits:coverage", args=[lead.pk]), elsewhere)
    assert response["Location"] == reverse("benefits:lead", args=[lead.pk])


def test_an_electronic_answer_reads_in_plain_words_on_the_lead_page(
    signed_in, counsellor, payer, x12
):
    lead = LeadFactory(assigned_to=counsellor, first_name="Jane", last_name="Doe")
    give_coverage(lead, payer)
    lead_url = reverse("admissions:lead_detail", args=[lead.pk])
    response = signed_in.post(reverse("benefits:check", args=[lead.pk]), {"next": lead_url})
    assert response["Location"] == lead_url
    content = page(signed_in, lead_url)
    assert "Waiting for the answer (0 tries so far)" in content
    run_benefits_check.apply(args=[BenefitsCheck.objects.get().pk])
    content = words(signed_in, lead_url)
    for said in (
        "Coverage active",
        "GOLD PPO 1500",
        "Substance use treatment: Covered",
        "Deductible: $1,500.00 ($500.00 met, $1,000.00 left)",
        "Family deductible: $3,000.00 ($500.00 met, $2,500.00 left)",
        "Out-of-pocket maximum: $5,000.00 ($750.00 met, $4,250.00 left)",
        "Copay: $25.00",
        "Coinsurance: 40 %",
        "Coinsurance: 20 %",
        "Prior authorisation needed",
        "No prior authorisation needed",
        "Out of network",
        "Mental health facility, outpatient: Not stated by the payer",
        "“30 DAYS PER YEAR RESIDENTIAL”",
        "Benefits checked",
    ):
        assert said in content, said


def test_a_rejection_says_what_the_payer_refused_and_what_to_try_next(
    signed_in, counsellor, payer, x12
):
    lead = LeadFactory(assigned_to=counsellor, first_name="Jane", last_name="Doe")
    give_coverage(lead, payer, member_id="NOTFOUND1")
    signed_in.post(reverse("benefits:check", args=[lead.pk]))
    run_benefits_check.apply(args=[BenefitsCheck.objects.get().pk])
    content = page(signed_in, reverse("benefits:lead", args=[lead.pk]))
    assert "Rejected by the payer" in content
    refused = "The payer refused the details of the subscriber: The payer could not find the "
    assert refused + "subscriber. (code 75)" in content
    assert "Ask whether the person has newer insurance" in content
    assert "The payer says: Correct the details and send it again." in content


def test_a_failed_check_says_why_and_support_can_read_the_raw_answer(
    signed_in, counsellor, payer, x12
):
    lead = LeadFactory(assigned_to=counsellor, first_name="Jane", last_name="Doe")
    give_coverage(lead, payer, member_id="GARBAGE1")
    signed_in.post(reverse("benefits:check", args=[lead.pk]))
    check = BenefitsCheck.objects.get()
    run_benefits_check.apply(args=[check.pk])
    content = page(signed_in, reverse("admissions:lead_detail", args=[lead.pk]))
    assert "The answer could not be read as an eligibility response." in content
    assert "(not an X12 interchange)" in content
    assert "call the payer and record a phone check" in content.lower()
    detail = page(signed_in, reverse("benefits:check_detail", args=[lead.pk, check.pk]))
    assert "this is not an eligibility response at all" in detail
    assert "NM1*IL*1*DOE*JANE" in detail
    assert AuditEntry.objects.filter(
        lead=lead, action=Action.VIEW_CHECK, detail={"check": check.pk}
    ).exists()


def test_a_check_that_cannot_be_asked_yet_lists_what_is_missing(signed_in, counsellor, payer, x12):
    lead = LeadFactory(assigned_to=counsellor)
    give_coverage(lead, payer, member_id="")
    content = page(signed_in, reverse("admissions:lead_detail", args=[lead.pk]))
    assert "Before an electronic check:" in content
    assert "Add the member ID from the card." in content
    response = signed_in.post(reverse("benefits:check", args=[lead.pk]), follow=True)
    assert "Add the member ID from the card." in html.unescape(response.content.decode())
    assert not BenefitsCheck.objects.exists()


def test_a_phone_check_is_recorded_in_the_same_words(signed_in, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    data = {
        "active": "yes",
        "plan_name": "Bronze",
        "plan_begin": "2026-01-01",
        "plan_end": "2026-12-31",
        "AI_covered": "yes",
        "AI_in_deductible": "2000",
        "AI_in_deductible_left": "1500",
        "AI_in_coinsurance": "30",
        "AI_in_authorisation": "yes",
        "MH_covered": "no",
        "notes": "Spoke to Sam, call reference 4411",
    }
    response = signed_in.post(reverse("benefits:phone_check", args=[lead.pk]), data)
    assert response.status_code == 302
    check = BenefitsCheck.objects.get()
    assert (check.back_end, check.state, check.requested_by) == ("manual", "answered", counsellor)
    content = words(signed_in, reverse("benefits:lead", args=[lead.pk]))
    for said in (
        "by phone",
        "Bronze",
        "Deductible: $2,000.00 ($500.00 met, $1,500.00 left)",
        "Coinsurance: 30 %",
        "Prior authorisation needed",
        "Mental health: Not covered",
        "“Spoke to Sam, call reference 4411”",
    ):
        assert said in content, said


def test_a_phone_check_form_with_mistakes_keeps_what_was_typed(signed_in, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    data = {
        "plan_begin": "2026-12-01",
        "plan_end": "2026-01-01",
        "AI_in_copay": "-5",
        "plan_name": "Keep me",
    }
    response = signed_in.post(reverse("benefits:phone_check", args=[lead.pk]), data)
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "The plan cannot end before it begins." in content
    assert 'value="Keep me"' in content
    assert not BenefitsCheck.objects.exists()


def test_the_queue_lists_unverified_coverage_most_urgent_then_oldest(client, supervisor, payer):
    now = timezone.now()
    old_normal = LeadFactory(first_name="Olive")
    new_urgent = LeadFactory(
        first_name="Uma", answers_changes={"safety": {"suicidal_thoughts": True, "plan": True}}
    )
    new_normal = LeadFactory(first_name="Nina")
    cards_only = LeadFactory(first_name="Cora")
    self_pay = LeadFactory(first_name="Sally")
    verified = LeadFactory(first_name="Vera")
    closed = LeadFactory(first_name="Clem", status="closed")
    for lead in (old_normal, new_urgent, new_normal, closed, verified):
        give_coverage(lead, payer)
    type(old_normal).objects.filter(pk=old_normal.pk).update(created_at=now - timedelta(days=5))
    give_coverage(self_pay, payment_type="self_pay", member_id="", group_number="")
    coverage_set_outcome(lead=verified, outcome=Verification.VERIFIED)
    InsuranceCard.objects.create(
        lead=cards_only, side="front", content_type="image/png", image=b"x", width=1, height=1
    )
    log_in(client, supervisor)

    content = page(client, reverse("benefits:queue"))
    names = ["Uma", "Olive", "Nina", "Cora"]
    positions = [content.index(name) for name in names]
    assert positions == sorted(positions), "urgent first, then the oldest"
    for absent in ("Sally", "Vera", "Clem"):
        assert absent not in content
    assert "Card photos only" in content
    verified_view = page(client, reverse("benefits:queue") + "?view=verified")
    assert "Vera" in verified_view and "Olive" not in verified_view


def test_the_queue_asks_the_database_the_same_few_times_however_many_leads(
    client, supervisor, payer
):
    log_in(client, supervisor)
    for lead in LeadFactory.create_batch(2):
        give_coverage(lead, payer)
    page(client, reverse("benefits:queue"))  # the session's first request does more
    with CaptureQueriesContext(connection) as few:
        page(client, reverse("benefits:queue"))
    for lead in LeadFactory.create_batch(10):
        give_coverage(lead, payer)
        BenefitsCheck.objects.create(lead=lead, back_end="manual", state="answered")
    with CaptureQueriesContext(connection) as many:
        content = page(client, reverse("benefits:queue"))
    assert content.count("Answered") >= 10
    assert len(many) == len(few) <= 10


def test_a_supervisor_records_the_outcome_and_the_timeline_shows_it(client, supervisor, payer):
    lead = LeadFactory()
    give_coverage(lead, payer)
    log_in(client, supervisor)
    response = client.post(
        reverse("benefits:outcome", args=[lead.pk]), {"outcome": "authorisation"}
    )
    assert response.status_code == 302
    assert Coverage.objects.get(lead=lead).verification == Verification.AUTHORISATION
    content = page(client, reverse("admissions:lead_detail", args=[lead.pk]))
    assert "Benefits outcome" in content and "Needs authorisation" in content


def test_the_payer_list_is_kept_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:benefits_payer_add"),
        {"name": "Northwind Medicaid", "payer_id": "NW001", "network": "out", "active": "on"},
    )
    assert response.status_code == 302
    assert Payer.objects.get(name="Northwind Medicaid").network == "out"


def test_staff_pages_read_in_spanish(signed_in, counsellor, payer):
    lead = LeadFactory(assigned_to=counsellor)
    give_coverage(lead, payer)
    response = signed_in.get(
        reverse("admissions:lead_detail", args=[lead.pk]), HTTP_ACCEPT_LANGUAGE="es"
    )
    content = html.unescape(response.content.decode())
    assert "Seguro y beneficios" in content
    assert "Seguro comercial" in content
    assert "Todavía no verificado" in content
    assert "Registrar una verificación por teléfono" in content
    assert "Insurance and benefits" not in content
    form = html.unescape(
        signed_in.get(
            reverse("benefits:coverage", args=[lead.pk]), HTTP_ACCEPT_LANGUAGE="es"
        ).content.decode()
    )
    assert "Número de miembro" in form and "Member ID" not in form


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("benefits", True), ("supervisor", True), ("counsellor", False), ("clinician", False)],
)
def test_the_menu_links_to_the_benefits_queue_for_those_who_may_work_it(
    client, request, persona, shown
):
    log_in(client, request.getfixturevalue(persona))
    html = page(client, reverse("admissions:dashboard"))
    assert (reverse("benefits:queue") in html) is shown
    if shown:
        assert client.get(reverse("benefits:queue")).status_code == 200
