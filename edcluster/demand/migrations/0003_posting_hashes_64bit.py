"""Posting hashes become 64-bit integers (BLAKE2b of the same normalised text and of the same
documented columns as before), recomputed from the stored postings."""

import hashlib

from django.db import migrations, models


def _key(text: str) -> int:
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def recompute(apps, schema_editor):
    JobPosting = apps.get_model("demand", "JobPosting")
    columns = ("external_id", "title", "text", "employer", "region", "city", "posted_at",
               "salary_from", "salary_to", "currency", "url")
    last = 0
    while True:
        postings = list(JobPosting.objects.filter(pk__gt=last).order_by("pk")[:2000])
        if not postings:
            return
        for posting in postings:
            posting.text_hash = _key(" ".join(posting.text.casefold().split()))
            posting.content_hash = _key(
                "\x1f".join(str(getattr(posting, name) or "") for name in columns)
            )
        JobPosting.objects.bulk_update(postings, ["text_hash", "content_hash"])
        last = postings[-1].pk


class Migration(migrations.Migration):
    dependencies = [("demand", "0002_demand_requests")]

    operations = [
        migrations.RemoveField(model_name="jobposting", name="text_hash"),
        migrations.RemoveField(model_name="jobposting", name="content_hash"),
        migrations.AddField(
            model_name="jobposting",
            name="text_hash",
            field=models.BigIntegerField(default=0, editable=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="jobposting",
            name="content_hash",
            field=models.BigIntegerField(default=0, editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(recompute, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="jobposting",
            name="text_hash",
            field=models.BigIntegerField(db_index=True, editable=False),
        ),
    ]
