from io import StringIO

import pytest
from django.core.management import call_command

from edcluster.accounts.models import Membership, User
from edcluster.organizations.models import FieldOfEducation, Organization, PriorityArea


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_reference_data_loads_both_lists_and_isced_f_once(db):
    first = run("load_reference_data")
    assert "priority areas: 15 created" in first
    assert "fields of education: 220 created" in first
    assert PriorityArea.objects.filter(list="decree-899-2011").count() == 8
    assert PriorityArea.objects.filter(list="decree-529-2024").count() == 7
    assert FieldOfEducation.objects.get(code="0613").parent == FieldOfEducation.objects.get(
        code="061"
    )
    assert (
        FieldOfEducation.objects.get(code="06").name_ru
        == "Информационно-коммуникационные технологии"
    )
    # every field has its Russian name (Russian lists showed the narrower ones in English)
    assert not FieldOfEducation.objects.filter(name_ru="").exists()
    assert FieldOfEducation.objects.get(code="0613").name_ru == (
        "Разработка и анализ программного обеспечения и приложений"
    )
    second = run("load_reference_data")
    assert "0 created, 0 updated, 15 unchanged" in second
    assert "0 created, 0 updated, 220 unchanged" in second


@pytest.mark.django_db
def test_the_demo_cluster_has_every_kind_and_role_and_seeds_once():
    output = run("seed_demo")
    assert "operator@edcluster.example" in output
    organizations = Organization.objects.all()
    assert organizations.count() >= 25
    assert organizations.values("kind").distinct().count() >= 5
    tsu = Organization.objects.get(slug="tsu")
    assert (tsu.founded_year, tsu.is_demo) == (1878, False)
    assert "wikipedia" in tsu.facts_source.lower()
    # every organization has its description in both languages (TSU's Russian page was English)
    assert not organizations.filter(description_ru="").exclude(description_en="").exists()
    assert tsu.description_ru.startswith("Основан указом от 28 мая 1878 г.")
    assert Organization.objects.filter(kind="management_company").count() == 1
    assert Organization.objects.filter(is_key_company=True).count() >= 2
    assert Organization.objects.filter(kind="foreign_university", country="CN").count() >= 5
    assert Organization.objects.filter(status="applied").exists()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"admin", "editor", "viewer"}
    assert User.objects.filter(is_operator=True).exists()
    assert User.objects.filter(is_expert=True).exists()
    assert User.objects.filter(is_applicant=True).exists()
    counts = (Organization.objects.count(), User.objects.count(), Membership.objects.count())
    assert "0 records new" in run("seed_demo", "--quiet-logins")
    assert counts == (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
