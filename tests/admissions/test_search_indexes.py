"""The search indexes' migration mends a concurrent build that failed half-way."""

import importlib

import pytest
from django.db import connection

trigram = importlib.import_module("admissions.migrations.0010_phone_digits_and_folded_search")


def is_valid(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", [name])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_an_index_left_invalid_by_a_failed_build_is_built_again():
    with connection.cursor() as cursor:
        # What PostgreSQL leaves behind when CREATE INDEX CONCURRENTLY is interrupted.
        cursor.execute(
            "UPDATE pg_index SET indisvalid = false "
            "WHERE indexrelid = 'lead_email_fold_trgm'::regclass"
        )
    assert not is_valid("lead_email_fold_trgm")
    with connection.schema_editor(atomic=False) as editor:
        trigram.create_indexes(apps=None, schema_editor=editor)
    assert all(is_valid(name) for name in trigram.INDEXES)
