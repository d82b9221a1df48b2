"""Every role against every staff URL, expected from the permission table alone.

The URLs come from the project's URL patterns, so a new staff page is walked the day it is
added; one whose view names no permission fails ``test_every_staff_url_names_its_rule``.
"""

import pytest
from django.contrib import admin

from accounts.permissions import Perm
from accounts.roles import Role
from admissions.insurance import insurance_card_add
from tests.accounts.conftest import ENROL, LOGIN, SECOND_STEP, post_password
from tests.accounts.urlwalk import admin_urls, api_urls, every_url, staff_urls
from tests.auth import enrol_totp, log_in
from tests.factories import (
    CounsellorFactory,
    LeadFactory,
    ProgramFactory,
    UserFactory,
    make_staff,
)
from tests.security.images import photo

pytestmark = pytest.mark.django_db

SIGN_IN_PAGES = (LOGIN, SECOND_STEP, ENROL)

# What each action posts when it is walked (the rest post nothing).
POSTS = {
    "admissions:lead_contact": {"channel": "call", "outcome": "no_answer", "body": ""},
    "admissions:lead_note": {"body": "Called back later."},
    "admissions:lead_status": {"status": "contacted", "reason": ""},
    "admissions:lead_follow_up": {"kind": "call", "due_at": "2099-01-01T09:00"},
    "admissions:lead_snooze": {"until": "2099-01-01T09:00", "reason": "Away"},
    "admissions:lead_book": {"slot": "999999"},
    "admissions:lead_confirm_level": {"level": "iop", "reason": ""},
    "admissions:lead_wait": {"program": "999999", "note": ""},
    "admissions:lead_unwait": {"entry": "999999", "reason": "Found a place"},
    "admissions:lead_correct": {
        "first_name": "Ana",
        "phone": "(305) 555-0142",
        "contact_method": "phone",
        "contact_time": "anytime",
    },
}


def test_every_staff_url_names_its_rule():
    """A staff page whose view carries no permission (and is no way in) is a hole."""
    unguarded = [str(url) for url in every_url() if url.is_staff and url.rule is None]
    assert unguarded == []


def test_no_public_page_carries_a_staff_rule():
    """The public pages really are public: a permission outside /staff/ would be a typo."""
    misplaced = [str(url) for url in every_url() if not url.is_staff and url.rule is not None]
    assert misplaced == []


def test_every_permission_is_held_by_a_role_and_every_role_holds_one():
    assert all(perm.roles for perm in Perm)
    assert {role for perm in Perm for role in perm.roles} == set(Role)


@pytest.fixture
def world(db):
    """A colleague with a second factor (to unlock or reset) and a photo to look at."""
    colleague = CounsellorFactory(user=UserFactory(username="colleague")).user
    enrol_totp(colleague)
    return {"colleague": colleague}


def sample_values(user, world) -> dict[str, str]:
    lead = LeadFactory(assigned_to=user)
    card = insurance_card_add(lead=lead, side="front", upload=photo("PNG"))
    return {
        "lead_id": str(lead.pk),
        "program_id": str(ProgramFactory(open_places=0).pk),
        "name": card.name,
        "user_id": str(world["colleague"].pk),
        "pk": "999999",
        "consent_id": "999999",
        "delivery_id": "999999",
        "table": "funnel",
    }


def visit(client, url, values, extra: dict | None = None):
    """GET the page; an action that only takes POST gets its POST."""
    path = url.path(values)
    response = client.get(path)
    if response.status_code == 405:
        data = dict(POSTS.get(url.name, {}), **(extra or {}))
        response = client.post(path, data)
    return response


def is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(SIGN_IN_PAGES)


CELLS = [(role, url) for role in Role for url in staff_urls()]


@pytest.mark.parametrize(("role", "url"), CELLS, ids=[f"{role.value}-{url}" for role, url in CELLS])
def test_each_role_opens_exactly_what_the_table_gives_it(client, world, role, url):
    user = make_staff(f"{role.value}-member", role)
    values = sample_values(user, world)
    log_in(client, user)
    extra = {"to_user": world["colleague"].pk} if url.name == "admissions:lead_reassign" else {}
    response = visit(client, url, values, extra)
    assert not is_sign_in_redirect(response), response.get("Location")
    if role in url.permission.roles:
        assert response.status_code != 403, response.content[:300]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", list(Role))
def test_the_admin_site_opens_to_the_roles_the_table_names(client, role):
    user = make_staff(f"{role.value}-member", role)
    log_in(client, user)
    response = client.get("/admin/")
    assert response.status_code == (200 if role in admin.site.permission.roles else 403)


def admin_values() -> dict[str, str]:
    return {
        "app_label": "admissions",
        "object_id": "1",
        "content_type_id": "1",
        "id": "1",
        "url": "x",
    }


@pytest.mark.parametrize("role", [role for role in Role if role not in Perm.USE_ADMIN_SITE.roles])
def test_roles_without_the_admin_site_are_refused_on_every_admin_url(client, role):
    log_in(client, make_staff(f"{role.value}-member", role))
    answers = {str(url): visit(client, url, admin_values()).status_code for url in admin_urls()}
    assert set(answers.values()) == {403}, answers


def changelists() -> list:
    return [url for url in admin_urls() if url.name.endswith("_changelist")]


def model_label(url) -> str:
    app_label, model = url.name.removeprefix("admin:").removesuffix("_changelist").split("_", 1)
    return f"{app_label}.{model}"


def opened_models(role: Role) -> set[str]:
    return {label for perm in Perm if role in perm.roles for label in perm.admin_models}


@pytest.mark.parametrize("role", sorted(Perm.USE_ADMIN_SITE.roles))
def test_inside_the_admin_each_role_sees_the_models_the_table_opens(client, role):
    log_in(client, make_staff(f"{role.value}-member", role))
    seen = {model_label(url): client.get(url.path({})).status_code for url in changelists()}
    expected = {
        label: 200 if any(label == opened for opened in opened_models(role)) else 403
        for label in seen
    }
    assert seen == expected


# --- A password alone reaches nothing ---------------------------------------------------------


def walk_every_staff_url(client, values) -> dict[str, object]:
    answers = {}
    for url in [*staff_urls(), *admin_urls()]:
        path_values = {**admin_values(), **values} if url.is_admin_site else values
        answers[str(url)] = visit(client, url, path_values)
    return answers


@pytest.mark.parametrize("enrolled", [True, False], ids=["with-a-factor", "not-enrolled-yet"])
def test_with_only_a_password_every_staff_url_sends_to_the_second_step(
    client, world, supervisor, enrolled
):
    """The supervisor holds most permissions; with the password alone, nothing opens: every
    staff page and admin page answers a redirect to the second step (or to enrolling one)."""
    if enrolled:
        enrol_totp(supervisor)
    values = sample_values(supervisor, world)
    step = SECOND_STEP if enrolled else ENROL
    assert post_password(client, supervisor.username)["Location"] == step
    answers = walk_every_staff_url(client, values)
    wrong = {
        name: (response.status_code, response.get("Location"))
        for name, response in answers.items()
        if response.status_code != 302 or response["Location"] != step
    }
    assert wrong == {}
    assert all(response.content == b"" for response in answers.values())


@pytest.mark.parametrize("second_factor", [True, False], ids=["signed-in", "password-only"])
def test_a_staff_session_opens_no_api_operation(client, world, supervisor, second_factor):
    """The API answers API keys only: a staff session, signed in or half-way, gets 401 and no
    data from every operation, whatever its method."""
    values = sample_values(supervisor, world)
    log_in(client, supervisor, second_factor=second_factor)
    assert api_urls(), "the API's operations are walked"
    for url in api_urls():
        path = url.path(values)
        for method in ("get", "post", "patch"):
            response = getattr(client, method)(path, {}, content_type="application/json")
            assert response.status_code in (401, 405), (str(url), method, response.status_code)
            assert b"first_name" not in response.content


def test_a_stranger_is_sent_to_the_sign_in_page_from_every_staff_url(client, world):
    values = sample_values(None, world)
    answers = walk_every_staff_url(client, values)
    wrong = {
        name: (response.status_code, response.get("Location"))
        for name, response in answers.items()
        if response.status_code != 302 or not response["Location"].startswith(LOGIN)
    }
    assert wrong == {}


PEOPLES_RECORDS = [
    "admissions:queue",
    "admissions:lead_detail",
    "admissions:lead_insurance",
    "admissions:insurance_card_image",
    "admissions:export",
]


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN])
def test_figures_and_systems_roles_never_see_a_person(client, world, role):
    """Minimum necessary: the analyst reads figures, the administrator runs the system; neither
    opens anyone's record."""
    user = make_staff(f"{role.value}-member", role)
    values = sample_values(user, world)
    log_in(client, user)
    urls = {url.name: url for url in staff_urls()}
    answers = {name: visit(client, urls[name], values).status_code for name in PEOPLES_RECORDS}
    assert set(answers.values()) == {403}, answers
    assert client.get("/staff/dashboard/").status_code == 200
