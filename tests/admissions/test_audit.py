"""The audit log: append-only, readable by supervisors overall and per lead."""

from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from admissions.audit import Action, record_audit
from admissions.models import AuditEntry
from admissions.selectors import AUDIT_PAGE_SIZE
from tests.auth import log_in
from tests.factories import LeadFactory


def test_supervisor_reads_the_whole_log(client, supervisor, counsellor):
    lead = LeadFactory()
    record_audit(user=counsellor, action=Action.VIEW_LEAD, lead=lead, ip="192.0.2.1")
    log_in(client, supervisor)
    content = client.get(reverse("admissions:audit")).content.decode()
    assert "view_lead" in content
    assert "192.0.2.1" in content
    assert "counsellor" in content


def test_per_lead_log_shows_only_that_lead(client, supervisor, counsellor):
    first, second = LeadFactory(), LeadFactory()
    record_audit(user=counsellor, action=Action.NOTE, lead=first, ip="192.0.2.1")
    record_audit(user=counsellor, action=Action.CLAIM, lead=second, ip="192.0.2.2")
    log_in(client, supervisor)
    content = client.get(reverse("admissions:lead_audit", args=[first.pk])).content.decode()
    assert "192.0.2.1" in content
    assert "192.0.2.2" not in content


def test_the_log_pages_newest_first(client, supervisor, counsellor):
    AuditEntry.objects.bulk_create(
        AuditEntry(user=counsellor, action=Action.LOGIN, ip=f"10.0.{n // 250}.{n % 250}")
        for n in range(AUDIT_PAGE_SIZE + 5)
    )
    log_in(client, supervisor)
    first = client.get(reverse("admissions:audit")).content.decode()
    assert f"10.0.0.{AUDIT_PAGE_SIZE + 4}" in first
    assert "10.0.0.0<" not in first
    oldest_shown = AuditEntry.objects.order_by("-pk")[AUDIT_PAGE_SIZE - 1].pk
    older = client.get(reverse("admissions:audit"), {"before": oldest_shown}).content.decode()
    assert "10.0.0.0<" in older


def test_reading_the_lead_page_leaves_a_trail_the_supervisor_can_read(
    client, supervisor, counsellor
):
    lead = LeadFactory()
    log_in(client, counsellor)
    client.get(reverse("admissions:lead_detail", args=[lead.pk]), REMOTE_ADDR="192.0.2.9")
    log_in(client, supervisor)
    content = client.get(reverse("admissions:lead_audit", args=[lead.pk])).content.decode()
    assert "view_lead" in content and "192.0.2.9" in content


def test_the_admin_cannot_add_change_or_delete_audit_entries(supervisor):
    supervisor.is_superuser = supervisor.is_staff = True
    request = RequestFactory().get("/")
    request.user = supervisor
    entry = record_audit(user=supervisor, action=Action.LOGIN)
    model_admin = admin.site._registry[AuditEntry]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_an_anonymous_action_is_recorded_without_a_user(db):
    from django.contrib.auth.models import AnonymousUser

    entry = record_audit(user=AnonymousUser(), action=Action.LOGIN, ip="192.0.2.3")
    assert entry.user is None and entry.ip == "192.0.2.3"
