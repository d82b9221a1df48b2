"""The one table the baseline view writes to."""

from django.db import models


class Row(models.Model):
    """One inserted row: the least a form submission can cost."""

    note = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Row {self.pk}"
