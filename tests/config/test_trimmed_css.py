"""The pages load Bootstrap trimmed to what they use, and the trim lost nothing a page needs.

static/css/bootstrap.min.css is built by `make css` (PurgeCSS) and committed. These checks find
a class a template or a rendered page uses that Bootstrap styles but the trimmed file has lost:
the sign that someone added a class and did not rebuild.
"""

import functools
import gzip
import json
import re
from pathlib import Path

import bootstrap
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from programs.demo import seed_catalog
from programs.models import Program
from tests.auth import log_in
from tests.config.test_settings import PRODUCTION, django_prints
from tests.conftest import REPO_ROOT
from tests.factories import CRISIS_ANSWERS, LeadFactory
from tests.intake.conftest import Walker, step_url

TRIMMED = REPO_ROOT / "static/css/bootstrap.min.css"
FULL = Path(next(iter(bootstrap.__path__))) / "css/bootstrap.min.css"
OWN_CSS = [
    path
    for path in [*REPO_ROOT.glob("static/css/*.css"), *REPO_ROOT.glob("*/static/*/*.css")]
    if path != TRIMMED
]
TEMPLATES = [
    path
    for path in [*REPO_ROOT.glob("templates/**/*.html"), *REPO_ROOT.glob("*/templates/**/*.html")]
    if ".venv" not in path.parts
]

CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.S)
CLASS_NAME = re.compile(r"^-?[a-z_][a-z0-9_-]*$")


@functools.cache
def classes_styled_by(path: Path) -> frozenset[str]:
    """Every class name that appears in a selector of the stylesheet at ``path``."""
    css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    preludes = re.findall(r"([^{}]+)\{", css)
    return frozenset(
        name for prelude in preludes for name in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", prelude)
    )


def classes_in(html: str) -> set[str]:
    """The class names written in ``class="..."`` attributes, template code left out."""
    names = set()
    for value in CLASS_ATTRIBUTE.findall(TEMPLATE_CODE.sub(" ", html)):
        names.update(token for token in value.split() if CLASS_NAME.match(token))
    return names


def lost_by_the_trim(names: set[str]) -> list[str]:
    """Classes Bootstrap styles that the trimmed file no longer has."""
    return sorted(names & classes_styled_by(FULL) - classes_styled_by(TRIMMED))


def test_the_trimmed_file_is_the_installed_bootstrap_version():
    version = (FULL.parent.parent / "version.txt").read_text().strip().split(".post")[0].lstrip("v")
    assert f"Bootstrap v{version}, trimmed" in TRIMMED.read_text(encoding="utf-8")[:300]


def test_the_trimmed_file_is_a_small_part_of_bootstrap():
    trimmed, full = TRIMMED.read_bytes(), FULL.read_bytes()
    assert len(trimmed) < len(full) / 4
    assert len(gzip.compress(trimmed)) < 12_000


def test_every_bootstrap_class_a_template_names_survives_the_trim():
    used = set()
    for template in TEMPLATES:
        used |= classes_in(template.read_text(encoding="utf-8"))
    assert "d-flex" in used and "btn-primary" in used, "the scan reads the templates"
    assert lost_by_the_trim(used) == []


def test_every_bootstrap_variable_our_styles_read_is_defined():
    defined = set(re.findall(r"(--bs-[\w-]+)\s*:", TRIMMED.read_text(encoding="utf-8")))
    for path in OWN_CSS:
        read = set(re.findall(r"var\((--bs-[\w-]+)", path.read_text(encoding="utf-8")))
        assert read - defined == set(), path.name


def test_pages_link_the_trimmed_bootstrap_and_nothing_else_of_it(client, db):
    html = client.get("/").content.decode()
    assert "/static/css/bootstrap.min.css" in html
    assert "/static/bootstrap/" not in html


def _rendered_pages(client, supervisor) -> dict[str, str]:
    """Pages as people get them: patient pages, every step blank and with errors, the result
    with and without a crisis, and the staff pages with a form that came back with errors."""
    seed_catalog()
    pages = {path: client.get(path).content.decode() for path in ("/", "/help/", "/programs/")}
    program = Program.objects.first()
    pages["program"] = client.get(program.get_absolute_url()).content.decode()
    walker = Walker(client)
    pages["/screen/"] = client.get("/screen/").content.decode()
    name = "start"
    while name != "review":
        pages[f"step {name}"] = client.get(step_url(name)).content.decode()
        blank = walker.post(name, {})
        if blank.status_code != 302:
            pages[f"step {name} with errors"] = blank.content.decode()
        elif blank["Location"] == step_url(name):  # errors shown after a redirect
            pages[f"step {name} with errors"] = client.get(step_url(name)).content.decode()
        location = walker.post(name)["Location"]
        if location == reverse("intake:crisis"):
            location = client.get(reverse("intake:begin"))["Location"]
        name = location.rstrip("/").rsplit("/", 1)[-1]
    pages["review"] = client.get("/screen/step/review/").content.decode()
    walker.send()
    pages["result"] = client.get("/screen/result/").content.decode()

    log_in(client, supervisor)
    lead = LeadFactory(answers_changes=CRISIS_ANSWERS, assigned_to=supervisor)
    for path in (
        reverse("admissions:queue"),
        reverse("admissions:lead_detail", args=[lead.pk]),
        reverse("admissions:lead_new"),
        reverse("admissions:dashboard"),
        reverse("admissions:audit"),
    ):
        pages[path] = client.get(path).content.decode()
    invalid = client.post(reverse("admissions:lead_status", args=[lead.pk]), {"status": "nope"})
    pages["lead with an error"] = invalid.content.decode()
    return pages


def test_every_bootstrap_class_on_a_rendered_page_survives_the_trim(client, supervisor, settings):
    settings.DOORWAY_RATE_STEPS = "10000/m"
    cache.clear()
    pages = _rendered_pages(client, supervisor)
    lost = {name: lost_by_the_trim(classes_in(html)) for name, html in pages.items()}
    assert {name: classes for name, classes in lost.items() if classes} == {}


def test_the_check_notices_a_class_the_trim_lost():
    assert lost_by_the_trim({"d-flex", "carousel-item", "modal-dialog", "quick-exit-hint"}) == [
        "carousel-item",
        "modal-dialog",
    ]


def test_production_serves_hashed_and_compressed_static_files(tmp_path, settings):
    production = django_prints(
        "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
        **PRODUCTION,
    )
    assert production == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": production}}
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = tmp_path / manifest["paths"]["css/bootstrap.min.css"]
    compressed = hashed.with_name(hashed.name + ".gz")
    assert compressed.exists()
    assert gzip.decompress(compressed.read_bytes()) == TRIMMED.read_bytes()
    assert compressed.stat().st_size < 12_000
