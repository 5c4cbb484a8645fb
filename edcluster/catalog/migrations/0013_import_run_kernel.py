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
    """ImportRun becomes a run of the kernel (core.runs.Run): source_system is renamed its
    source (the data kept), duplicates and the task's id are added, a status may be
    "interrupted"."""

    dependencies = [
        ("catalog", "0012_owner_outcome_indexes_once"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("importrun", "source_system", "source"),
        migrations.AlterField(
            model_name="importrun",
            name="source",
            field=models.CharField(blank=True, max_length=100, verbose_name="source"),
        ),
        migrations.AddField(
            model_name="importrun",
            name="duplicates",
            field=models.PositiveIntegerField(default=0, verbose_name="duplicates"),
        ),
        migrations.AddField(
            model_name="importrun",
            name="task_id",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="importrun",
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
            model_name="importrun",
            name="status",
            field=models.CharField(
                choices=STATUSES, default="queued", max_length=11, verbose_name="status"
            ),
        ),
    ]
