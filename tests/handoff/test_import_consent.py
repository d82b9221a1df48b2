"""import_leads: a consent signed elsewhere comes in with its lead, checked like the line."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from admissions.consent_models import Consent
from admissions.models import Lead
from tests.factories import make_answers

CONTACT = {"first_name": "Lupe", "phone": "555-201-3344"}


def write(tmp_path, *records) -> str:
    path = tmp_path / "leads.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n")
    return str(path)


def test_a_tpo_consent_comes_in_and_export_fhir_prints_the_bundle(tmp_path, db, capsys):
    consent = {"scope": "tpo", "expires": "2099-06-30", "signed_by": "Lupe Ortiz"}
    call_command(
        "import_leads",
        write(tmp_path, {"answers": make_answers(), "contact": CONTACT, "consent": consent}),
    )
    stored = Consent.objects.get()
    assert (stored.scope, stored.given_by, stored.signed_by) == ("tpo", "elsewhere", "Lupe Ortiz")
    capsys.readouterr()
    call_command("export_fhir", str(stored.lead_id))
    assert json.loads(capsys.readouterr().out)["resourceType"] == "Bundle"


def test_a_bad_consent_rejects_its_line_by_number_and_keeps_the_others(tmp_path, db, capsys):
    good = {"answers": make_answers(), "contact": CONTACT}
    bad = {
        "answers": make_answers(),
        "contact": CONTACT,
        "consent": {"scope": "recipient", "expires": "31/12/2099", "signed_by": "L", "x": 1},
    }
    with pytest.raises(CommandError):
        call_command("import_leads", write(tmp_path, good, bad))
    err = capsys.readouterr().err
    assert "line 2: consent.recipient: Name who may receive the record." in err
    assert "line 2: consent.expires: Give the expiry date as YYYY-MM-DD." in err
    assert "line 2: consent.x: Is not a consent field." in err
    assert Lead.objects.count() == 1 and not Consent.objects.exists()
