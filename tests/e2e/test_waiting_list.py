"""The waiting list in a real browser, in English and Spanish: the admission refused for want
of a place offers the program's waiting list, the lead page then shows the lead's place in line,
and the program's waiting-list page lists it; both pages pass axe with no violation."""

import pytest
from django.conf import settings

from admissions.models import Status
from tests.e2e.conftest import PHONE, axe_violations
from tests.e2e.staff import sign_in
from tests.factories import LeadFactory, ProgramFactory

pytestmark = pytest.mark.e2e

IN_LINE = {
    "en": "On the waiting list for Evening IOP (1st)",
    "es": "En la lista de espera de Evening IOP (1º)",
}
LIST_TITLE = {"en": "Waiting list: Evening IOP", "es": "Lista de espera: Evening IOP"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_refused_admission_leads_to_the_waiting_list_and_both_pages_pass_axe(
    new_page, live_server, axe, supervisor, language
):
    program = ProgramFactory(name="Evening IOP", capacity=8, open_places=0)
    lead = LeadFactory(assigned_to=supervisor, status=Status.CONTACTED)
    page = new_page(viewport=PHONE)
    sign_in(page, supervisor)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.goto(f"/staff/leads/{lead.pk}/")
    page.locator("#status-status").select_option("admitted")
    page.locator("#status-program").select_option(str(program.pk))
    page.locator("#status-reason").fill("Starts Monday")
    page.locator('form[action$="/status/"] button[type=submit]').click()
    page.wait_for_url(f"**/staff/leads/{lead.pk}/?wait={program.pk}#waiting-list")
    assert page.locator("#wait-program").input_value() == str(program.pk)
    page.locator("#wait-note").fill("Evenings only")
    page.locator('form[action$="/waiting-list/"] button[type=submit]').click()
    page.wait_for_load_state()
    line = page.get_by_text(IN_LINE[language]).first
    assert line.is_visible()
    assert axe_violations(axe, page) == []

    page.goto(f"/staff/programs/{program.pk}/waiting-list/")
    assert page.get_by_role("heading", level=1).inner_text() == LIST_TITLE[language]
    row = page.locator("tbody tr").first
    assert f"{lead.pk}" in row.inner_text() and lead.first_name not in row.inner_text()
    assert axe_violations(axe, page) == []
