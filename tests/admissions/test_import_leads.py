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
    assert "line 4: is not valid JSON" in err
    assert "line 6: mood: not a known key" in err
    assert "line 7: must be a JSON object" in err
    assert "line 1:" not in err and "line 5:" not in err
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
    first, second = (
        json.dumps({"answers": make_answers(), "contact": contact()}).encode() for _ in range(2)
    )
    path = tmp_path / "leads.jsonl"
    path.write_bytes(first + b"\n\xff\xfe garbled \x80\n" + second + b"\n")
    with pytest.raises(CommandError):
        call_command("import_leads", str(path))
    out, err = capsys.readouterr()
    assert "Imported 2, rejected 1." in out
    assert err.strip() == "line 2: not UTF-8 text"
    assert Lead.objects.count() == 2


def seven_lines_with_a_bad_fourth(tmp_path) -> str:
    # Seven different people: random first names alone may repeat, and a repeat is a re-import.
    lines: list = [
        {"answers": make_answers(), "contact": contact(phone=f"555-201-77{index:02d}")}
        for index in range(7)
    ]
    lines[3]["contact"]["first_name"] = "Nul\u0000Person"  # the database refuses NUL
    return write_lines(tmp_path, lines)


def test_a_run_again_imports_nothing_twice(tmp_path, capsys):
    path = seven_lines_with_a_bad_fourth(tmp_path)
    with pytest.raises(CommandError):
        call_command("import_leads", path)
    first_out, first_err = capsys.readouterr()
    assert "Imported 6, rejected 1." in first_out
    assert first_err.startswith("line 4: ")
    routed_before = LeadEvent.objects.filter(kind="created").count()

    with pytest.raises(CommandError):
        call_command("import_leads", path)
    out, err = capsys.readouterr()
    assert "Imported 0, rejected 1. 6 imported before: nothing done for them." in out
    assert "line 1: imported before as lead " in out
    assert err.startswith("line 4: ")
    assert Lead.objects.count() == 6
    assert LeadEvent.objects.filter(kind="created").count() == routed_before


def test_an_external_id_names_the_record_whatever_else_changed(tmp_path, capsys):
    record = {"answers": make_answers(), "contact": contact(), "external_id": "crm-4411"}
    call_command("import_leads", write_lines(tmp_path, [record]))
    corrected = {**record, "contact": contact(first_name="Corrected")}
    elsewhere = {**record, "source": "phone"}  # the same id in another channel is another lead
    call_command("import_leads", write_lines(tmp_path, [corrected, elsewhere]))
    assert "Imported 1, rejected 0. 1 imported before" in capsys.readouterr().out
    assert sorted(Lead.objects.values_list("source", flat=True)) == ["import", "phone"]
    assert not Lead.objects.filter(first_name="Corrected").exists()


def test_hostile_lines_are_reported_by_number_and_never_stop_the_import(tmp_path, capsys):
    def good() -> dict:
        return {"answers": make_answers(), "contact": contact()}

    secret = "Ottoline Quaverly"
    lines = [
        good(),
        {"answers": make_answers(), "contact": contact(first_name=secret + "\u0000")},
        '{"answers": {"age": ' + "9" * 5000 + '}, "contact": {}}',
        "[" * 100_000 + "]" * 100_000,
        {"answers": make_answers(), "contact": contact(), "consent_version": "v" * 500},
        {"answers": make_answers(), "contact": contact(), "external_id": 4411},
        good(),
    ]
    with pytest.raises(CommandError):  # the command's own clean exit, not a traceback
        call_command("import_leads", write_lines(tmp_path, lines))
    out, err = capsys.readouterr()
    assert "Imported 2, rejected 5." in out
    reported = sorted({int(line.split(":")[0].removeprefix("line ")) for line in err.splitlines()})
    assert reported == [2, 3, 4, 5, 6]
    assert "line 5: consent_version: Must be at most 20 characters." in err
    assert "line 6: external_id: must be text" in err
    assert secret not in err and "Traceback" not in err
    assert Lead.objects.count() == 2


def test_duplicate_keys_bom_nesting_digits_and_repeats_each_get_one_clear_line(tmp_path, capsys):
    good = json.dumps({"answers": make_answers(), "contact": contact()})
    lines = [
        good.replace('"answers": {', '"answers": {"age": 40, ', 1),  # age given twice
        "\ufeff" + good,
        "[" * 100_000 + "]" * 100_000,
        '{"answers": {"age": ' + "9" * 5000 + '}, "contact": {}}',
        json.dumps(
            {"answers": make_answers(use_criteria=["craving"] * 100_000), "contact": contact()}
        ),
        good,
    ]
    with pytest.raises(CommandError) as raised:
        call_command("import_leads", write_lines(tmp_path, lines))
    out, err = capsys.readouterr()

    assert raised.value.returncode == 2
    assert "Imported 1, rejected 5." in out
    assert err.splitlines() == [
        'line 1: the key "age" appears more than once in an object',
        "line 2: starts with a byte-order mark; save it as UTF-8 without one",
        "line 3: is nested too deeply to read",
        "line 4: holds a number too long to read",
        "line 5: use_criteria[1]: lists craving 100,000 times",
    ]
