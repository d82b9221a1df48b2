"""What the intake keeps: paused screenings (drafts) and an anonymous tally of results."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """A screening paused with "Finish later", resumed through a link sent to the person, or
    with a code they wrote down (``channel`` says which).

    Neither the link's token (or the code) nor the email or phone it went to is stored in the
    clear: only their hashes, in ``token_hash`` and ``contact_hash`` (empty for a code, which
    needs no contact), so a copy of the database can neither open a draft nor say who it
    belongs to. ``steps`` holds what the person answered so far, without any contact step
    details.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Text message")
        CODE = "code", _("Code written down")

    token_hash = models.CharField(max_length=64, unique=True)
    contact_hash = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    steps = models.JSONField(default=dict)
    language = models.CharField(max_length=8, default="en")
    failed_checks = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return f"Draft {self.pk}"


class AnonymousResult(models.Model):
    """One "just show me my result" screening, counted for the centre's statistics.

    Deliberately nothing that could point back to a person: no answers, no time of day, no IP.
    """

    date = models.DateField(db_index=True)
    language = models.CharField(max_length=8)
    level = models.CharField(max_length=12)
    priority = models.CharField(max_length=6)
    flags = models.JSONField(default=list)
    # Where the visit came from (campaign tags, referring host): about the link, not the person.
    utm_source = models.CharField(max_length=60, blank=True, default="")
    utm_medium = models.CharField(max_length=60, blank=True, default="")
    utm_campaign = models.CharField(max_length=60, blank=True, default="")
    referrer_host = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("anonymous result")
        verbose_name_plural = _("anonymous results")

    def __str__(self) -> str:
        return f"{self.date} {self.level}"


class ScreeningStart(models.Model):
    """One screening begun (its first step answered), counted for the reporting funnel.

    Like ``AnonymousResult``: the day, the language and where the visit came from, nothing else.
    """

    date = models.DateField(db_index=True)
    language = models.CharField(max_length=8)
    utm_source = models.CharField(max_length=60, blank=True, default="")
    utm_medium = models.CharField(max_length=60, blank=True, default="")
    utm_campaign = models.CharField(max_length=60, blank=True, default="")
    referrer_host = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("screening started")
        verbose_name_plural = _("screenings started")

    def __str__(self) -> str:
        return f"{self.date} {self.language}"
