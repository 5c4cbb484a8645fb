"""The deadline rules' sources written clean, in English and Russian, each naming its law or
the universities' guidance it follows; the visa-free citizenships as data (they were a list
in the code), with their source. Rules an operator re-checked since (a later "checked on")
are left as they are."""

from datetime import date

from django.db import migrations

CHECKED = date(2026, 12, 6)
EN_GUIDANCE = "Published guidance of Russian universities for foreign students"
RU_GUIDANCE = "Опубликованные разъяснения российских университетов для иностранных студентов"
# code: (English, Russian)
SOURCES = {
    "invitation-request-45": (
        "The Ministry of Internal Affairs issues the invitation at the host's request; "
        "universities report three to six weeks (MAI up to 21 working days, TSU 30–40 days): "
        f"request at least 45 days before arrival. {EN_GUIDANCE}.",
        "Приглашение выдаёт МВД России по запросу принимающей стороны; университеты сообщают о "
        "сроке от трёх до шести недель (МАИ — до 21 рабочего дня, ТГУ — 30–40 дней): "
        f"запрашивать не позднее чем за 45 дней до приезда. {RU_GUIDANCE}.",
    ),
    "registration-7-working": (
        "The receiving party notifies the migration authority within 7 working days of "
        "arrival: Federal Law No. 109-FZ of 18.07.2006, art. 20.",
        "Принимающая сторона уведомляет орган миграционного учёта в течение 7 рабочих дней со "
        "дня прибытия: Федеральный закон от 18.07.2006 № 109-ФЗ, ст. 20.",
    ),
    "registration-30-eaeu": (
        f"30 days for citizens of Armenia, Kazakhstan and Kyrgyzstan. {EN_GUIDANCE}.",
        f"30 дней для граждан Армении, Казахстана и Киргизии. {RU_GUIDANCE}.",
    ),
    "registration-15": (
        f"15 days for citizens of Uzbekistan and Tajikistan. {EN_GUIDANCE}.",
        f"15 дней для граждан Узбекистана и Таджикистана. {RU_GUIDANCE}.",
    ),
    "medical-90": (
        "Medical examination, fingerprinting and photo within 90 days of entry for stays over "
        "90 days: Federal Law No. 115-FZ of 25.07.2002, art. 5 (since 29.12.2021).",
        "Медицинское освидетельствование, дактилоскопия и фотографирование в течение 90 дней "
        "со дня въезда при пребывании более 90 дней: Федеральный закон от 25.07.2002 "
        "№ 115-ФЗ, ст. 5 (с 29.12.2021).",
    ),
    "visa-extension-opens-45": (
        f"Universities accept a visa extension request from 45 days before expiry. "
        f"{EN_GUIDANCE}.",
        f"Университеты принимают заявление о продлении визы не ранее чем за 45 дней до "
        f"окончания её срока. {RU_GUIDANCE}.",
    ),
    "visa-extension-20-working": (
        f"Universities ask for the extension at least 20 working days before expiry. "
        f"{EN_GUIDANCE}.",
        f"Университеты просят подать заявление о продлении не позднее чем за 20 рабочих дней "
        f"до окончания срока визы. {RU_GUIDANCE}.",
    ),
}
VISA_FREE_SOURCE = (
    "The CIS agreements on visa-free travel of citizens (Armenia, Azerbaijan, Belarus, "
    "Kazakhstan, Kyrgyzstan, Moldova, Tajikistan, Uzbekistan) as listed by the Ministry of "
    "Foreign Affairs of Russia; confirm against the ministry's current list.",
    "Соглашения СНГ о безвизовых поездках граждан (Армения, Азербайджан, Беларусь, Казахстан, "
    "Киргизия, Молдова, Таджикистан, Узбекистан) по перечню МИД России; сверять с действующим "
    "перечнем министерства.",
)
VISA_FREE = ["AM", "AZ", "BY", "KG", "KZ", "MD", "TJ", "UZ"]


def seed(apps, schema_editor):
    rule = apps.get_model("mobility", "DeadlineRule")
    for code, (english, russian) in SOURCES.items():
        rule.objects.filter(code=code, checked_on__lte=CHECKED).update(
            source=english, source_ru=russian, checked_on=CHECKED
        )
    visa_free = apps.get_model("mobility", "VisaFreeCitizenship")
    english, russian = VISA_FREE_SOURCE
    for country in VISA_FREE:
        visa_free.objects.get_or_create(
            country=country,
            defaults={"source": english, "source_ru": russian, "checked_on": CHECKED},
        )


def unseed(apps, schema_editor):
    apps.get_model("mobility", "VisaFreeCitizenship").objects.filter(
        country__in=VISA_FREE
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("mobility", "0004_nominations_reviews_messages")]
    operations = [migrations.RunPython(seed, unseed)]
