"""Helpers to walk the screening wizard with Django's test client."""

import copy

import pytest
from django.core.cache import cache

# What a person types at each step to give tests.factories.BASE_ANSWERS (a self screening).
STEP_POSTS: dict[str, dict] = {
    "start": {"respondent": "self"},
    "relationship": {"relationship": "parent"},
    "age": {"age": "34"},
    "substances": {"substances": ["alcohol"], "frequency": "weekly"},
    "criteria": {"use_criteria": ["larger_amounts", "cant_cut_down", "craving", "role_failure"]},
    "withdrawal": {"withdrawal_now": "no"},
    "health": {"medical_unstable": "no"},
    "risks": dict.fromkeys(
        ("overdose_past_year", "injects", "left_custody_recently", "nicotine"), "no"
    ),
    "safety": dict.fromkeys(
        (
            "wish_dead",
            "suicidal_thoughts",
            "method",
            "intent",
            "plan",
            "behavior_past_3_months",
            "harm_others",
            "harm_others_plan",
        ),
        "no",
    ),
    "mental_health": {"psych_hospital_past_year": "no"},
    "mood": {},
    "treatment": {},
    "treatment_after": {"discharged_recently": "no", "relapse_after_treatment": "no"},
    "home": {"living": "stable", "support": ["family"], "obligations": ["work"]},
    "readiness": {"group_comfort": "yes", "readiness": "ready"},
    "finish": {"finish": "result_only"},
    "contact": {
        "first_name": "Robin",
        "phone": "555 010 0199",
        "email": "",
        "contact_method": "phone",
        "contact_time": "anytime",
        "language": "en",
        "consent_contact": "on",
    },
}


def step_url(name: str) -> str:
    return f"/screen/step/{name}/"


class Walker:
    """Posts each step in turn, following the wizard's redirects, with per-step changes."""

    def __init__(self, client) -> None:
        self.client = client

    def post(self, name: str, data: dict | None = None, action: str = "next"):
        payload = copy.deepcopy(STEP_POSTS.get(name, {}) if data is None else data)
        payload["action"] = action
        return self.client.post(step_url(name), payload)

    def walk(self, until: str | None = None, changes: dict | None = None) -> str:
        """Answer steps from the start until ``until`` (not posted); returns the next step name."""
        changes = changes or {}
        name = "start"
        # As a person does: Start the screening (a new one, after one already sent).
        self.client.get("/screen/begin/")
        while name != until and name != "review":
            data = {**STEP_POSTS.get(name, {}), **changes.get(name, {})}
            response = self.post(name, data)
            assert response.status_code == 302, (name, response.content[:2000])
            location = response["Location"]
            if location == "/screen/support/":
                location = self.client.get("/screen/begin/")["Location"]
            name = location.rstrip("/").rsplit("/", 1)[-1]
        return name

    def after_error(self, response):
        """A failed post redirects back to its own page, which shows the errors and what was
        typed: assert the redirect and return that page."""
        assert response.status_code == 302, response.content[:2000]
        page = self.client.get(response["Location"])
        assert page.status_code == 200
        assert 'id="error-summary"' in page.content.decode()
        return page

    def send(self, **extra):
        """Press Send on the review, as its page offers it."""
        page = self.client.get(step_url("review"))
        token = page.context["submit_token"]
        data = {"action": "send", "submit_token": token, **extra}
        return self.client.post(step_url("review"), data)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def walker(client, db) -> Walker:
    return Walker(client)
