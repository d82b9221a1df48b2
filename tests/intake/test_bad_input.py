"""Random and malformed posts to every step and to the resume forms: never a server error, and
earlier valid answers are kept."""

import copy

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from intake.steps import STEPS
from tests.intake.conftest import step_url

FIELD_NAMES = sorted(
    {name for step in STEPS for name in step.form_class.base_fields} | {"action", "submit_token"}
)
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["yes", "no", "", "0", "3", "skip", "alcohol", "next", "back", "later"]),
    st.integers(-5, 200).map(str),
)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    # Hundreds of posts from one address in seconds; the limits have their own tests.
    settings.DOORWAY_RATE_STEPS = "100000/m"


POSTS = st.dictionaries(
    st.sampled_from(FIELD_NAMES), st.lists(VALUES, min_size=1, max_size=3), max_size=8
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(step=st.sampled_from([step.name for step in STEPS]), data=POSTS)
def test_any_post_to_any_step_gets_a_page_not_a_server_error(walker, client, step, data):
    if "intake" not in client.session:
        walker.walk(changes={"finish": {"finish": "reach_out"}})
    session = client.session
    saved = copy.deepcopy(session["intake"])
    response = client.post(step_url(step), data)
    assert response.status_code in (200, 302, 400)
    answers = client.session["intake"]["steps"]
    assert answers["age"] == saved["steps"]["age"] or step == "age"
    session = client.session
    session["intake"] = saved
    session.pop("intake_result", None)
    session.save()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(contact=st.text(max_size=300))
# Found by this test: an "email" whose domain cannot be encoded for sending.
@example(contact="\x80@.")
@example(contact="x@" + "a" * 64 + ".org")
def test_any_contact_typed_into_finish_later_or_resume_is_handled(walker, client, contact):
    if "intake" not in client.session:
        walker.walk(until="age")
    assert client.post("/screen/later/", {"contact": contact}).status_code == 302
    assert client.post("/screen/resume/", {"contact": contact}).status_code in (200, 302)
