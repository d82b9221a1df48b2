"""What the reports read: daily figures, kept by a periodic job (``reporting.aggregates``).

A figure is a count for one day, one measure ("leads", "reached", "on_time", ...) and one
value of one dimension (the level of care "iop", the campaign source "newsletter", or the
whole day: dimension "all"). Nothing here is about a person: a count, never a lead.
"""

from django.db import models


class DailyFigure(models.Model):
    day = models.DateField()
    dimension = models.CharField(max_length=16)
    # Long enough for an origin: "site:" and a referring host of up to 100 characters.
    key = models.CharField(max_length=110, blank=True)
    measure = models.CharField(max_length=16)
    value = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "dimension", "key", "measure"], name="dailyfigure_unique"
            )
        ]
        # The page reads a range of days for a few dimensions at a time.
        indexes = [models.Index(fields=["dimension", "day"], name="dailyfigure_dimension_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}={self.key} {self.measure}: {self.value}"


class WeeklyFigure(models.Model):
    """The sum of a week's daily figures (Monday to Sunday), kept with them by
    ``reporting.aggregates``: a long range reads whole weeks here and only its ragged ends by
    day."""

    week = models.DateField()
    dimension = models.CharField(max_length=16)
    key = models.CharField(max_length=110, blank=True)
    measure = models.CharField(max_length=16)
    value = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["week", "dimension", "key", "measure"], name="weeklyfigure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"week of {self.week} {self.dimension}={self.key} {self.measure}: {self.value}"


class MonthlyFigure(models.Model):
    """The sum of a calendar month's daily figures, kept with them like the weekly sums: a range
    of months reads a row per month and key, and its trends are drawn by month."""

    month = models.DateField()  # the first day of the month
    dimension = models.CharField(max_length=16)
    key = models.CharField(max_length=110, blank=True)
    measure = models.CharField(max_length=16)
    value = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "dimension", "key", "measure"], name="monthlyfigure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dimension}={self.key} {self.measure}: {self.value}"


class BuiltDay(models.Model):
    """When a day's figures were last computed: the page says how fresh they are."""

    day = models.DateField(unique=True)
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.day} built at {self.built_at:%Y-%m-%d %H:%M}"
