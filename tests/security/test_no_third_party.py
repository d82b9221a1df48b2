"""No page asks the browser for anything from another origin: no CDN, font, tracker or pixel.

Two checks: every page the URL configuration serves (to a visitor and to a supervisor) is
fetched and its URLs inspected; and every template and stylesheet of ours is read, so a page
this crawl cannot reach is still covered.
"""

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import URLPattern, URLResolver, get_resolver

from admissions.insurance import insurance_card_add
from tests.auth import log_in
from tests.config.test_pages import other_origin_urls
from tests.conftest import REPO_ROOT
from tests.factories import BASE_ANSWERS, LeadFactory, ProgramFactory, assess
from tests.security.images import photo

# A URL attribute, or a CSS url()/@import, that points at another origin.
EXTERNAL_IN_TEMPLATE = re.compile(
    r"""(?:\b(?:src|href|action|srcset|poster|data|formaction)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+["']?(?:https?:)?//)""",
    re.IGNORECASE,
)
SKIPPED_NAMESPACES = {"admin"}  # Django's own admin, for superusers only
# Sample values for the sign-in routes: a password-reset key, the provider, an account.
SIGN_IN_SAMPLES = {"uidb36": "1", "key": "set-password", "provider_id": "oidc", "user_id": "1"}


def routes(resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""):
    """Every (name, route) the project serves."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            yield from routes(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def fill(route: str, values: dict[str, str]) -> str:
    """The route with each <converter:name> (or regex group (?P<name>…)) replaced by a sample."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda match: values[match.group(1)], route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], path)
    return "/" + path.replace("^", "").replace("$", "")


@pytest.fixture
def samples(db) -> dict[str, str]:
    lead = LeadFactory()
    card = insurance_card_add(lead=lead, side="front", upload=photo("PNG"))
    program = ProgramFactory()
    return {
        "lead_id": str(lead.pk),
        "pk": str(program.pk),
        "program_id": str(program.pk),
        "slug": program.slug,
        "name": "start",
        "token": "not-a-real-token-but-well-formed-0123456789",
        "card": card.name,
        "consent_id": "1",
        "delivery_id": "1",
        "table": "funnel",
        **SIGN_IN_SAMPLES,
    }


def fetch_every_page(client, samples) -> dict[str, str]:
    pages = {}
    for name, route in routes():
        values = dict(samples)
        if "insurance_card_image" in name:
            values["name"] = samples["card"]
        path = fill(route, values)
        response = client.get(path)
        if "text/html" in response.get("Content-Type", ""):
            pages[path] = response.content.decode()
    return pages


def test_every_page_links_only_to_its_own_origin(client, supervisor, samples):
    # A person who has just sent their screening, so the result pages render too.
    session = client.session
    session["intake_result"] = {
        "assessment": assess(BASE_ANSWERS),
        "answers": BASE_ANSWERS,
        "steps": {},
        "lead": True,
        "lead_id": int(samples["lead_id"]),
    }
    session.save()
    anonymous = fetch_every_page(client, samples)
    log_in(client, supervisor)
    staff = fetch_every_page(client, samples)
    assert len(anonymous) > 5 and len(staff) > 5, "the crawl reached the pages"
    found = {
        path: other_origin_urls(html)
        for path, html in [*anonymous.items(), *staff.items()]
        if other_origin_urls(html)
    }
    assert found == {}


@pytest.mark.parametrize(
    "template",
    ["400.html", "403.html", "403_csrf.html", "404.html", "413.html", "500.html", "503.html"],
)
def test_error_pages_link_only_to_their_own_origin(template):
    assert other_origin_urls(render_to_string(template)) == []


def our_files(*suffixes: str) -> list[Path]:
    roots = [REPO_ROOT / "templates", REPO_ROOT / "static"]
    roots += [REPO_ROOT / app for app in ("intake", "admissions", "programs", "screening")]
    return sorted(
        path
        for root in roots
        for path in root.rglob("*")
        if path.suffix in suffixes and ".venv" not in path.parts
    )


def test_no_template_or_stylesheet_of_ours_points_at_another_origin():
    files = our_files(".html", ".css", ".js")
    assert any(path.name == "base.html" for path in files)
    offenders = {
        str(path.relative_to(REPO_ROOT)): EXTERNAL_IN_TEMPLATE.findall(path.read_text())
        for path in files
        if EXTERNAL_IN_TEMPLATE.search(path.read_text())
    }
    assert offenders == {}


def test_the_only_way_out_is_the_quick_exit_redirect(settings):
    # The neutral site is never linked from a page, so it never sees a Referer from us.
    assert settings.QUICK_EXIT_URL not in render_to_string("base.html")
