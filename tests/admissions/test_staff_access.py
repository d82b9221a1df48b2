"""Every staff URL for every persona: who gets the page, who gets 403, 404 or the login page."""

import pytest
from django.urls import reverse

from tests.auth import log_in
from tests.factories import LeadFactory

PERSONAS = ["anonymous", "outsider", "counsellor", "other_counsellor", "supervisor"]

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404

# name, method, needs a lead, answer per persona (anonymous always goes to the login page).
# The lead is assigned to `counsellor`, so `other_counsellor` must not find it.
MATRIX = [
    ("queue", "get", False, [OK, OK, OK]),
    ("dashboard", "get", False, [OK, OK, OK]),
    ("lead_new", "get", False, [OK, OK, OK]),
    ("lead_detail", "get", True, [OK, NOT_FOUND, OK]),
    ("lead_contact", "post", True, [REDIRECT, NOT_FOUND, REDIRECT]),
    ("lead_note", "post", True, [REDIRECT, NOT_FOUND, REDIRECT]),
    ("lead_status", "post", True, [REDIRECT, NOT_FOUND, REDIRECT]),
    ("lead_claim", "post", True, [REDIRECT, NOT_FOUND, REDIRECT]),
    ("lead_reassign", "post", True, [FORBIDDEN, FORBIDDEN, REDIRECT]),
    ("export", "get", False, [FORBIDDEN, FORBIDDEN, OK]),
    ("audit", "get", False, [FORBIDDEN, FORBIDDEN, OK]),
    ("lead_audit", "get", True, [FORBIDDEN, FORBIDDEN, OK]),
    ("lead_insurance", "get", True, [OK, NOT_FOUND, OK]),
]

POST_DATA = {
    "lead_contact": {"channel": "call", "outcome": "no_answer", "body": ""},
    "lead_note": {"body": "Called back later."},
    "lead_status": {"status": "contacted", "reason": ""},
    "lead_claim": {},
}


def cases() -> list:
    for name, method, needs_lead, staff_answers in MATRIX:
        expected = {"anonymous": "login", "outsider": FORBIDDEN}
        expected.update(
            zip(["counsellor", "other_counsellor", "supervisor"], staff_answers, strict=True)
        )
        for persona in PERSONAS:
            yield pytest.param(
                name, method, needs_lead, persona, expected[persona], id=f"{name}-{persona}"
            )


@pytest.mark.parametrize(("name", "method", "needs_lead", "persona", "expected"), list(cases()))
def test_every_staff_url_answers_each_persona_as_documented(
    client,
    request,
    counsellor,
    other_counsellor,
    supervisor,
    outsider,
    name,
    method,
    needs_lead,
    persona,
    expected,
):
    lead = LeadFactory(assigned_to=counsellor)
    args = [lead.pk] if needs_lead else []
    url = reverse(f"admissions:{name}", args=args)
    if persona != "anonymous":
        log_in(client, request.getfixturevalue(persona))
    data = POST_DATA.get(name, {})
    if name == "lead_reassign":
        data = {"to_user": other_counsellor.pk}
    response = client.post(url, data) if method == "post" else client.get(url)
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admissions:login"))
    else:
        assert response.status_code == expected, response.content[:300]
        if expected == REDIRECT:
            assert response["Location"] == reverse("admissions:lead_detail", args=[lead.pk])


@pytest.mark.parametrize("persona", ["counsellor", "other_counsellor", "supervisor"])
def test_every_counsellor_sees_an_unassigned_lead(client, request, supervisor, persona):
    lead = LeadFactory(assigned_to=None)
    log_in(client, request.getfixturevalue(persona))
    response = client.get(reverse("admissions:lead_detail", args=[lead.pk]))
    assert response.status_code == 200


def test_a_counsellor_whose_role_is_taken_away_is_no_longer_staff(client, counsellor):
    counsellor.groups.clear()
    log_in(client, counsellor)
    assert client.get(reverse("admissions:queue")).status_code == 403


@pytest.mark.parametrize("name", ["lead_detail", "lead_audit"])
def test_a_missing_lead_is_not_found(client, supervisor, name):
    log_in(client, supervisor)
    assert client.get(reverse(f"admissions:{name}", args=[999_999])).status_code == 404


def test_action_urls_refuse_get(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, counsellor)
    for name in ("lead_claim", "lead_contact", "lead_note", "lead_status"):
        assert client.get(reverse(f"admissions:{name}", args=[lead.pk])).status_code == 405


@pytest.mark.parametrize("persona", PERSONAS)
def test_login_and_logout_answer_every_persona(client, db, request, persona):
    if persona != "anonymous":
        log_in(client, request.getfixturevalue(persona))
    login = client.get(reverse("admissions:login"))
    assert login.status_code == (200 if persona == "anonymous" else 302)
    logout = client.post(reverse("admissions:logout"))
    assert logout.status_code == 302
    assert logout["Location"] == reverse("admissions:login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("persona", "shown"), [("counsellor", False), ("supervisor", True)])
def test_the_audit_log_link_is_shown_to_supervisors_only(client, request, persona, shown):
    log_in(client, request.getfixturevalue(persona))
    for name in ("queue", "dashboard", "lead_new"):
        content = client.get(reverse(f"admissions:{name}")).content.decode()
        assert (reverse("admissions:audit") in content) is shown, name
