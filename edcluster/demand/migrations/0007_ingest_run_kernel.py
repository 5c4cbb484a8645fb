import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATUSES = [
    ("queued", "queued"),
    ("running", "running"),
    ("done", "done"),
    ("failed", "failed"),
    ("interrupted", "interrupted"),
]


class Migration(migrations.Migration):
    """IngestRun becomes a run of the kernel (core.runs.Run): rows read are renamed its rows
    processed and postings inserted its rows created (the data kept); the rows expected and
    the task's id are added, a status may be "interrupted"."""

    dependencies = [
        ("demand", "0006_posting_references_unconstrained"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("ingestrun", "rows", "processed"),
        migrations.RenameField("ingestrun", "inserted", "created"),
        migrations.AlterField(
            model_name="ingestrun",
            name="processed",
            field=models.PositiveIntegerField(default=0, verbose_name="rows processed"),
        ),
        migrations.AlterField(
            model_name="ingestrun",
            name="created",
            field=models.PositiveIntegerField(default=0, verbose_name="created"),
        ),
        migrations.AddField(
            model_name="ingestrun",
            name="total",
            field=models.PositiveIntegerField(default=0, verbose_name="rows"),
        ),
        migrations.AddField(
            model_name="ingestrun",
            name="task_id",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="ingestrun",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="who",
            ),
        ),
        migrations.AlterField(
            model_name="ingestrun",
            name="source",
            field=models.CharField(blank=True, max_length=100, verbose_name="source"),
        ),
        migrations.AlterField(
            model_name="ingestrun",
            name="status",
            field=models.CharField(
                choices=STATUSES, default="queued", max_length=11, verbose_name="status"
            ),
        ),
    ]
