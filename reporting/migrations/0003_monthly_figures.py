from django.db import migrations, models


def roll_up(apps, schema_editor):
    """The months of the figures already kept, summed once (the periodic job keeps them now)."""
    DailyFigure = apps.get_model("reporting", "DailyFigure")
    MonthlyFigure = apps.get_model("reporting", "MonthlyFigure")
    sums = {}
    rows = DailyFigure.objects.values_list("day", "dimension", "key", "measure", "value")
    for day, dimension, key, measure, value in rows.iterator(chunk_size=10_000):
        month = day.replace(day=1)
        sums[(month, dimension, key, measure)] = (
            sums.get((month, dimension, key, measure), 0) + value
        )
    MonthlyFigure.objects.bulk_create(
        (
            MonthlyFigure(month=month, dimension=dimension, key=key, measure=measure, value=value)
            for (month, dimension, key, measure), value in sums.items()
        ),
        batch_size=10_000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_weekly_figures"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyFigure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("dimension", models.CharField(max_length=16)),
                ("key", models.CharField(blank=True, max_length=110)),
                ("measure", models.CharField(max_length=16)),
                ("value", models.PositiveIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("month", "dimension", "key", "measure"),
                        name="monthlyfigure_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(roll_up, migrations.RunPython.noop),
    ]
