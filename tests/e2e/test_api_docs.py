"""The API docs page in a real browser: Swagger UI renders from our own files, CSP unbroken."""

import pytest

from tests.e2e.test_csp import Visitor

pytestmark = pytest.mark.e2e


def test_the_api_docs_render_the_operations_without_csp_violations(new_page, live_server):
    visitor = Visitor(new_page(), live_server.url)
    visitor.visit("/api/docs/")
    visitor.page.wait_for_selector("text=/api/v1/leads/", timeout=15_000)
    visitor.check()
    assert visitor.problems == []
