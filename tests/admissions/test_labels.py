"""Staff words: every flag the rules can give has a label in English and in Spanish."""

import pytest
from django.utils import translation

from admissions.forms import FLAG_LABELS
from screening.vocab import FLAGS


def test_every_flag_has_a_staff_label():
    assert set(FLAG_LABELS) == set(FLAGS)


@pytest.mark.parametrize("flag", FLAGS)
def test_every_flag_label_is_translated_into_spanish(flag):
    english = str(FLAG_LABELS[flag])
    with translation.override("es"):
        catalogue = translation.trans_real.translation("es")._catalog
        spanish = str(FLAG_LABELS[flag])

    assert english in catalogue
    assert spanish.strip()
