"""The catalog of care: the programs a person can be matched to."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from programs.availability import Availability, NewPatients, availability_expression
from programs.validation import schedule_problems


class Level(models.TextChoices):
    """Levels of care, least to most intensive (the keys of the screening rules)."""

    OUTPATIENT = "outpatient", _("Outpatient")
    IOP = "iop", _("Intensive outpatient (IOP)")
    RESIDENTIAL = "residential", _("Residential")
    INPATIENT = "inpatient", _("Inpatient")


class Audience(models.TextChoices):
    ADULTS = "adults", _("Adults (18 and over)")
    ADOLESCENTS = "adolescents", _("Adolescents (12 to 17)")
    BOTH = "both", _("Adults and adolescents")


class Schedule(models.TextChoices):
    DAYTIME = "daytime", _("Daytime")
    EVENING = "evening", _("Evening")
    WEEKEND = "weekend", _("Weekend")


class Service(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual counselling")
    GROUP = "group", _("Group therapy")
    FAMILY = "family", _("Family therapy")
    MEDICATION = "medication", _("Medication support for opioid or alcohol use disorder")
    PSYCHIATRIC = "psychiatric", _("Psychiatric care and medication management")
    CBT = "cbt", _("Cognitive behavioural therapy (CBT)")
    DBT = "dbt", _("Dialectical behaviour therapy (DBT)")
    MOTIVATIONAL = "motivational", _("Motivational interviewing")
    WITHDRAWAL = "withdrawal", _("Withdrawal management")
    EDUCATION = "education", _("Educational classes")
    ANGER = "anger", _("Anger management")
    MUTUAL_HELP = "mutual_help", _("Mutual-help and 12-step meetings")
    HOLISTIC = "holistic", _("Holistic care: yoga, meditation, art")


class ProgramLanguage(models.TextChoices):
    EN = "en", _("English")
    ES = "es", _("Spanish")


# The multi-choice fields stored as JSON lists of keys, with the choices each may hold.
CHOICE_LISTS: dict[str, type[models.TextChoices]] = {
    "schedules": Schedule,
    "services": Service,
    "languages": ProgramLanguage,
}
# Lists that must name at least one choice (checked in clean(), with its own message, so the
# fields themselves allow blank).
REQUIRED_LISTS = ("schedules", "languages")


class Program(models.Model):
    """One treatment program the organisation (or a partner) runs.

    Schedules, services and languages are JSON lists of choice keys: the whole catalog loads in
    one query on SQLite and PostgreSQL alike, and `selectors.has_choice` filters on them.
    """

    name = models.CharField(_("name"), max_length=120)
    name_es = models.CharField(
        _("name in Spanish"),
        max_length=120,
        blank=True,
        help_text=_("Leave blank to keep the name."),
    )
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    level = models.CharField(_("level of care"), max_length=16, choices=Level.choices)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        help_text=_("Scheduled treatment hours. 24-hour care: 168."),
    )
    days_per_week = models.PositiveSmallIntegerField(_("days per week"))
    schedules = models.JSONField(_("schedule"), default=list, blank=True)
    typical_weeks = models.PositiveSmallIntegerField(
        _("typical length in weeks"), validators=[MinValueValidator(1)]
    )
    services = models.JSONField(_("services"), default=list, blank=True)
    co_occurring_track = models.BooleanField(
        _("co-occurring (dual-diagnosis) track"),
        default=False,
        help_text=_("Treats mental health and substance use together."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    location = models.CharField(_("location"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"), default=12)
    # Kept by staff (the admin site); admitting a lead to the program takes one, discharging
    # gives it back (``admissions.pipeline``). Blank: not counted here.
    open_places = models.PositiveSmallIntegerField(
        _("open places"),
        null=True,
        blank=True,
        help_text=_(
            "Places free now. Admitting a lead takes one, discharging gives it back. "
            "Leave blank if places are not counted here."
        ),
    )
    new_patients = models.CharField(
        _("taking new patients"),
        max_length=10,
        choices=NewPatients.choices,
        default=NewPatients.AUTOMATIC,
        help_text=_(
            "Automatic: taking new patients while there is an open place (or places are not "
            "counted), full — waiting list at none. Set by hand to override the count."
        ),
    )
    # Computed by the database from the two above (``programs.availability``), so matching
    # finds the programs it may offer with one indexed query. Like any column the database
    # writes, an instance sees a change after it is loaded again (``refresh_from_db``).
    availability = models.GeneratedField(
        expression=availability_expression(),
        output_field=models.CharField(max_length=10, choices=Availability.choices),
        db_persist=True,
        verbose_name=_("what people are told"),
    )
    description_en = models.TextField(_("description (English)"))
    description_es = models.TextField(_("description (Spanish)"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        indexes = [models.Index(fields=["level", "availability"], name="program_level_avail_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gt=0), name="program_hours_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(days_per_week__gte=1, days_per_week__lte=7),
                name="program_days_in_week",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", args=[self.slug])

    def clean(self) -> None:
        """Collect every problem (choice lists, hours for the level) into one error."""
        problems = schedule_problems(
            level=self.level,
            audience=self.audience,
            hours_per_week=self.hours_per_week,
            days_per_week=self.days_per_week,
        )
        if self.slug and self.slug.isdigit():
            # /programs/<number>/ is the address by id, so such a slug would never be reached.
            problems["slug"] = [_("Use at least one letter in the web address name.")]
        for field, choices in CHOICE_LISTS.items():
            for message in _choice_list_problems(getattr(self, field), choices, field):
                problems.setdefault(field, []).append(message)
        counted = self.open_places is not None and self.capacity is not None
        if counted and self.open_places > self.capacity:
            problems["open_places"] = [_("Open places cannot be more than the places.")]
        if problems:
            raise ValidationError(problems)

    @property
    def is_full(self) -> bool:
        """No open place now: admitting waits for one (whatever the by-hand setting says)."""
        return self.open_places == 0

    @property
    def accepting_new_patients(self) -> bool:
        """Taking new patients now (by the open places, or as set by hand)."""
        return self.availability == Availability.OPEN

    @property
    def availability_label(self) -> str:
        """What people are told, in the active language."""
        return str(Availability(self.availability).label)

    @property
    def set_by_hand(self) -> bool:
        return self.new_patients != NewPatients.AUTOMATIC

    @property
    def is_24_hour(self) -> bool:
        return self.level in (Level.RESIDENTIAL, Level.INPATIENT)

    @property
    def display_name(self) -> str:
        """The name in the active language."""
        return self.name_es if _spanish() and self.name_es else self.name

    @property
    def description(self) -> str:
        """The description in the active language."""
        return self.description_es if _spanish() else self.description_en

    def serves_age(self, age: int) -> bool:
        """Whether someone of ``age`` belongs in this program's audience."""
        if self.audience == Audience.BOTH:
            return True
        return (self.audience == Audience.ADOLESCENTS) == (age < 18)

    def offers(self, service: str) -> bool:
        return service in self.services

    def get_schedule_labels(self) -> list[str]:
        return [Schedule(key).label for key in self.schedules if key in Schedule.values]

    def get_service_labels(self) -> list[str]:
        return [Service(key).label for key in self.services if key in Service.values]

    def get_language_labels(self) -> list[str]:
        known = ProgramLanguage.values
        return [ProgramLanguage(key).label for key in self.languages if key in known]


def _spanish() -> bool:
    return (get_language() or "en").split("-")[0] == "es"


def _choice_list_problems(value: object, choices: type[models.TextChoices], field: str) -> list:
    if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
        return [_("Choose from the list.")]
    problems = []
    unknown = sorted(set(value) - set(choices.values))
    if unknown:
        problems.append(
            _("Unknown choice: %(keys)s. Choose from the list.") % {"keys": ", ".join(unknown)}
        )
    if len(set(value)) != len(value):
        problems.append(_("Each choice may appear only once."))
    if field in REQUIRED_LISTS and not value:
        problems.append(_("Choose at least one."))
    return problems
