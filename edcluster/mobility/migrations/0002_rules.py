"""The Russian deadline rules and the documents asked, as data the operator confirms (each
rule with its source and the day it was checked); reversed by deleting them."""

from datetime import date

from django.db import migrations

CHECKED = date(2026, 12, 6)
GUIDANCE = "Universities' published guidance for foreign students (as summarised in issue 20)"
RULES = [
    (
        "invitation-request-45",
        "invitation",
        "planned_arrival",
        -45,
        "calendar",
        "",
        "The Ministry of Internal Affairs issues the invitation at the host's request; "
        "universities report three to six weeks (MAI up to 21 working days, TSU 30–40 days): "
        f"request at least 45 days before arrival. {GUIDANCE}.",
    ),
    (
        "registration-7-working",
        "registration",
        "arrival",
        7,
        "working",
        "",
        "The receiving party notifies the migration authority within 7 working days of "
        "arrival: Federal Law No. 109-FZ of 18.07.2006, art. 20.",
    ),
    (
        "registration-30-eaeu",
        "registration",
        "arrival",
        30,
        "calendar",
        "AM,KZ,KG",
        f"30 days for citizens of Armenia, Kazakhstan and Kyrgyzstan. {GUIDANCE}.",
    ),
    (
        "registration-15",
        "registration",
        "arrival",
        15,
        "calendar",
        "UZ,TJ",
        f"15 days for citizens of Uzbekistan and Tajikistan. {GUIDANCE}.",
    ),
    (
        "medical-90",
        "medical",
        "arrival",
        90,
        "calendar",
        "",
        "Medical examination, fingerprinting and photo within 90 days of entry for stays over "
        "90 days: Federal Law No. 115-FZ of 25.07.2002, art. 5 (since 29.12.2021).",
    ),
    (
        "visa-extension-opens-45",
        "visa_extension_opens",
        "visa_end",
        -45,
        "calendar",
        "",
        f"Universities accept a visa extension request from 45 days before expiry. {GUIDANCE}.",
    ),
    (
        "visa-extension-20-working",
        "visa_extension",
        "visa_end",
        -20,
        "working",
        "",
        f"Universities ask for the extension at least 20 working days before expiry. {GUIDANCE}.",
    ),
]
# (kind, category, citizenship, health)
DOCUMENTS = [
    ("passport", "", "", False),
    ("education", "degree", "", False),
    ("education", "exchange", "", False),
    ("education", "phd", "", False),
    ("transcript", "degree", "", False),
    ("transcript", "exchange", "", False),
    ("language", "degree", "", False),
    ("motivation", "degree", "", False),
    ("motivation", "exchange", "", False),
    ("cv", "phd", "", False),
    ("cv", "teacher", "", False),
    ("cv", "scientist", "", False),
    ("research", "phd", "", False),
    ("research", "scientist", "", False),
    ("insurance", "", "", False),
    ("hiv", "degree", "", True),
    ("hiv", "phd", "", True),
]


def seed(apps, schema_editor):
    rule = apps.get_model("mobility", "DeadlineRule")
    for code, event, anchor, offset, unit, citizenships, source in RULES:
        rule.objects.update_or_create(
            code=code,
            defaults={
                "event": event,
                "anchor": anchor,
                "offset": offset,
                "unit": unit,
                "citizenships": citizenships,
                "source": source,
                "checked_on": CHECKED,
            },
        )
    requirement = apps.get_model("mobility", "DocumentRequirement")
    for kind, category, citizenship, health in DOCUMENTS:
        requirement.objects.get_or_create(
            kind=kind, category=category, citizenship=citizenship, defaults={"is_health": health}
        )


def unseed(apps, schema_editor):
    apps.get_model("mobility", "DeadlineRule").objects.filter(
        code__in=[row[0] for row in RULES]
    ).delete()
    apps.get_model("mobility", "DocumentRequirement").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("mobility", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
