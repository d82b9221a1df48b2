"""import_leads: good lines become leads, bad lines are reported by number and field."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from faker import Faker

from admissions.models import Lead, LeadEvent
from tests.factories import CRISIS_ANSWERS, make_answers

pytestmark = pytest.mark.django_db
fake = Faker()


def contact(**changes) -> dict:
    values = {"first_name": fake.first_name(), "phone": "555-201-7788"}
    values.update(changes)
    return values


def write_lines(tmp_path, lines: list) -> str:
    path = tmp_path / "leads.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return str(path)


def test_good_lines_are_imported_and_bad_lines_reported_with_line_numbers(tmp_path, capsys):
    secret_email = "jo@@example"
    path = write_lines(
        tmp_path,
        [
            {"answers": make_answers(), "contact": contact(), "source": "phone"},
            {"answers": make_answers(age=3), "contact": contact(email=secret_email)},
            "",
            "{not json",
            {"answers": CRISIS_ANSWERS, "contact": contact(), "language": "es"},
            {"answers": make_answers(), "contact": contact(), "mood": "sad"},
            ["a list"],
        ],
    )
    with pytest.raises(CommandError):
        call_command("import_leads", path)
    out, err = capsys.readouterr()
    assert "Imported 2, rejected 4." in out
    assert "line 2: age: " in err
    assert "line 2: email: " in err
    assert "line 4: not valid JSON" in err
    assert "line 6: mood: not a known key" in err
    assert "line 7: must be a JSON object" in err
    assert "line 1" not in err and "line 5" not in err
    assert secret_email not in err
    leads = list(Lead.objects.order_by("pk"))
    assert [(lead.source, lead.language, lead.priority) for lead in leads] == [
        ("phone", "en", "normal"),
        ("import", "es", "urgent"),
    ]
    assert leads[0].consent_version == "import"
    assert LeadEvent.objects.filter(kind="created").count() == 2


def test_a_clean_file_imports_everything_and_exits_normally(tmp_path, capsys):
    path = write_lines(
        tmp_path,
        [
            {"answers": make_answers(), "contact": contact(), "consent_version": "crm-7"},
            {"answers": make_answers(), "contact": contact(), "consent_to_texts": True},
        ],
    )
    call_command("import_leads", path, consent_version="call-centre-2025")
    assert "Imported 2, rejected 0." in capsys.readouterr().out
    assert sorted(Lead.objects.values_list("consent_version", flat=True)) == [
        "call-centre-2025",
        "crm-7",
    ]


def test_missing_answers_or_contact_are_reported(tmp_path, capsys):
    path = write_lines(tmp_path, [{"source": "import"}])
    with pytest.raises(CommandError):
        call_command("import_leads", path)
    err = capsys.readouterr().err
    assert "line 1: answers: must be an object of answers" in err
    assert "line 1: contact: " in err


def test_an_unreadable_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_leads", str(tmp_path / "missing.jsonl"))


def test_a_garbled_line_is_reported_and_the_good_lines_still_imported(tmp_path, capsys):
    good = json.dumps({"answers": make_answers(), "contact": contact()}).encode()
    path = tmp_path / "leads.jsonl"
    path.write_bytes(good + b"\n\xff\xfe garbled \x80\n" + good + b"\n")
    with pytest.raises(CommandError):
        call_command("import_leads", str(path))
    out, err = capsys.readouterr()
    assert "Imported 2, rejected 1." in out
    assert err.strip() == "line 2: not UTF-8 text"
    assert Lead.objects.count() == 2
