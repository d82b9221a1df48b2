"""The centre sees the anonymous tally, read-only, and never the drafts."""

from django.contrib.auth.models import User
from django.utils import timezone

from intake.models import AnonymousResult
from tests.auth import log_in


def test_the_tally_is_listed_read_only_and_drafts_are_not_in_the_admin(client, db):
    admin = User.objects.create_superuser("admin", "admin@example.org", "a-long-test-password")
    AnonymousResult.objects.create(
        date=timezone.localdate(), language="es", level="iop", priority="high", flags=[]
    )
    log_in(client, admin)
    listing = client.get("/admin/intake/anonymousresult/")
    assert listing.status_code == 200 and "iop" in listing.content.decode()
    assert client.get("/admin/intake/anonymousresult/add/").status_code == 403
    assert client.get("/admin/intake/draft/").status_code == 404
