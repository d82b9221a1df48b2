"""A whole journey leaves no personal data in logs, task messages or notification emails.

One person pauses (a resume link by text), screens and asks to be called (with a card photo),
the lead is routed by the task, a counsellor and a supervisor work on it, and their benefits are
checked with the (stand-in) clearinghouse: every log record (root logger, DEBUG), everything
printed (the console email backend), and the task messages on the broker are then searched for
what the person typed and what their coverage says.
"""

import pytest
import redis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from admissions.models import Lead
from admissions.tasks import route_lead
from benefits.models import BenefitsCheck
from benefits.tasks import run_benefits_check
from tests.auth import enrol_totp, sign_in
from tests.benefits import conftest as benefits

# The benefits fixtures: a payer, and the stand-in clearinghouse set up for X12 checks.
from tests.benefits.conftest import clearinghouse, payer, provider, x12  # noqa: F401
from tests.intake.conftest import STEP_POSTS, Walker
from tests.security.images import CAMERA_MODEL, photo

CONTACT = {
    **STEP_POSTS["contact"],
    "first_name": "Zephyrine",
    "last_name": "Quillfeather",
    "phone": "555 010 4477",
    "email": "zephyrine.quill@example.org",
    "contact_method": "phone",
    "message": "Mornings are bad, my landlord Ottoline must not know",
}
# What must never leave the database: contact values, free text and distinctive answers.
SECRETS = [
    "Zephyrine",
    "Quillfeather",
    "010 4477",
    "0104477",
    "zephyrine.quill",
    "landlord",
    "Ottoline",
    "cant_cut_down",
    "larger_amounts",
    "role_failure",
    "suicidal_thoughts",
    "alcohol",
    # The card photo's EXIF: camera model and GPS position.
    CAMERA_MODEL,
    "44.0, 54.36",  # with its neighbour: "54.36" alone turns up in timestamps
    "73.0, 59.0",
    # Their coverage: member ID, group number, the subscriber, dates of birth.
    "QX7731902",
    "GRPZ5521",
    "Ottavio",
    "Pembridge",
    "1961-07-19",
    "19610719",
    "1988-02-29",
    "19880229",
]


@pytest.fixture
def broker():
    """The broker's default queue, emptied first so only this journey's messages are read."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("celery")
    yield client
    client.delete("celery")


@pytest.mark.django_db(transaction=True)
def test_a_full_journey_logs_no_answer_and_no_contact_detail(
    client,
    counsellor,
    supervisor,
    broker,
    caplog,
    capsys,
    settings,
    x12,  # noqa: F811
    payer,  # noqa: F811
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    card = SimpleUploadedFile("Zephyrine-card.jpg", photo("JPEG"), "image/jpeg")
    caplog.set_level("DEBUG")

    # The person pauses once, asking for the link by text message...
    paused = type(client)()
    Walker(paused).walk(until="criteria")
    later = paused.post("/screen/later/", {"contact": CONTACT["phone"]})
    assert later["Location"] == "/screen/later/sent/"

    # ...then screens, leaves contact details, reads the result and adds the insurance card.
    walker = Walker(client)
    walker.walk(
        changes={
            "finish": {"finish": "reach_out"},
            "safety": {"suicidal_thoughts": "yes"},
            "contact": CONTACT,
            # The person gives their coverage in the wizard's optional step too.
            "coverage": benefits.coverage_data(
                payer,
                member_id="QX7731902",
                group_number="GRPZ5521",
                patient_birth_date="1988-02-29",
            ),
        }
    )
    assert walker.send().status_code == 302
    assert client.get("/screen/result/").status_code == 200
    assert client.post("/screen/insurance-card/", {"front": card}).status_code == 302
    lead = Lead.objects.get()
    assert lead.first_name == "Zephyrine"
    assert lead.coverage.member_id == "QX7731902"

    # Routing, in this process, from the id alone.
    route_lead(lead.pk)
    lead.refresh_from_db()
    assert lead.assigned_to is not None

    # Staff: the assigned counsellor works the lead; a supervisor exports.
    staff = type(client)()
    sign_in(staff, lead.assigned_to, enrol_totp(lead.assigned_to))
    assert staff.get("/staff/").status_code == 200
    assert staff.get(f"/staff/leads/{lead.pk}/").status_code == 200
    assert staff.post(f"/staff/leads/{lead.pk}/claim/").status_code == 302
    contact = {"channel": "call", "outcome": "no_answer", "body": "Left no message."}
    assert staff.post(f"/staff/leads/{lead.pk}/contact/", contact).status_code == 302
    note = {"body": "Try again tomorrow."}
    assert staff.post(f"/staff/leads/{lead.pk}/note/", note).status_code == 302
    assert staff.get(f"/staff/leads/{lead.pk}/insurance/").status_code == 200
    coverage = benefits.coverage_data(
        payer,
        member_id="QX7731902",
        group_number="GRPZ5521",
        patient_birth_date="1988-02-29",
        subscriber="other",
        subscriber_first_name="Ottavio",
        subscriber_last_name="Pembridge",
        subscriber_birth_date="1961-07-19",
        subscriber_relationship="child",
    )
    assert staff.post(f"/staff/benefits/leads/{lead.pk}/coverage/", coverage).status_code == 302
    assert staff.post(f"/staff/benefits/leads/{lead.pk}/check/").status_code == 302
    check = BenefitsCheck.objects.get()
    run_benefits_check(check.pk)  # from the id alone, as the worker would
    check.refresh_from_db()
    assert "NM1*IL*1*PEMBRIDGE*OTTAVIO****MI*QX7731902~" in check.request_body
    assert x12.received, "the inquiry reached the clearinghouse"
    assert staff.get(f"/staff/benefits/leads/{lead.pk}/checks/{check.pk}/").status_code == 200
    staff.post("/staff/logout/")
    sign_in(staff, supervisor, enrol_totp(supervisor))
    assert staff.get("/staff/benefits/").status_code == 200
    export = staff.get("/staff/export.csv")
    assert b"Zephyrine" in b"".join(export.streaming_content), "the export itself has the lead"

    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )
    printed = capsys.readouterr()
    assert caplog.records, "logging was captured"
    assert "Subject:" in printed.out, "the console email was captured"
    queued = b"".join(broker.lrange("celery", 0, -1)).decode("utf-8", "replace")
    assert queued, "the routing task went through the broker"
    assert "run_benefits_check" in queued, "so did the benefits check"

    for where, text in [
        ("logs", logged),
        ("printed output", printed.out + printed.err),
        ("task messages", queued),
    ]:
        leaked = [secret for secret in SECRETS if secret.lower() in text.lower()]
        assert leaked == [], f"personal data in {where}: {leaked}"
