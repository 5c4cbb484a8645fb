from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from edcluster.catalog.models import Product
from edcluster.core.models import AuditEntry
from edcluster.organizations.models import Organization
from edcluster.projects import services
from edcluster.projects.models import Deliverable, Participant, Project, StatusChange
from edcluster.projects.tests.factories import (
    budget_line_make,
    deliverable_make,
    milestone_make,
    participant_of,
    product_make,
    project_make,
)

pytestmark = pytest.mark.django_db


def test_a_project_has_its_lead_and_a_dated_history(organization, member_editor):
    project = project_make(organization, actor=member_editor)
    assert [(p.organization, p.role) for p in project.participants.all()] == [
        (organization, "lead")
    ]
    services.project_move(project=project, actor=member_editor, to="active", on=date(2026, 2, 1))
    services.project_move(
        project=project, actor=member_editor, to="suspended", on=date(2026, 3, 1), reason="Funds"
    )
    project.refresh_from_db()
    assert (project.status, project.status_on, project.status_reason) == (
        "suspended",
        date(2026, 3, 1),
        "Funds",
    )
    history = list(StatusChange.objects.filter(project=project).values_list("to_status", "on"))
    assert history == [
        ("planned", date(2026, 1, 1)),
        ("active", date(2026, 2, 1)),
        ("suspended", date(2026, 3, 1)),
    ]
    assert AuditEntry.objects.filter(verb="project.status").count() == 2


@pytest.mark.parametrize(
    ("moves", "field"),
    [
        ([("completed", "")], "status"),  # planned cannot complete
        ([("cancelled", "")], "reason"),  # cancelling says why
        ([("active", ""), ("completed", ""), ("active", "")], "status"),  # completed is final
    ],
)
def test_refused_moves_name_the_field(organization, moves, field):
    project = project_make(organization)
    *allowed, (to, reason) = moves
    for step, step_reason in allowed:
        services.project_move(
            project=project, actor=None, to=step, on=date(2026, 5, 1), reason=step_reason
        )
    with pytest.raises(ValidationError) as error:
        services.project_move(
            project=project, actor=None, to=to, on=date(2026, 5, 1), reason=reason
        )
    assert field in error.value.message_dict


def test_the_lead_is_an_admitted_member(applicant_organization):
    with pytest.raises(ValidationError) as error:
        project_make(applicant_organization)
    assert "lead" in error.value.message_dict
    assert not Project.objects.exists()


def test_exactly_one_lead(organization, other_organization):
    project = project_make(organization, partners=[other_organization])
    with pytest.raises(ValidationError) as error:
        services.participant_update(
            participant=participant_of(project, other_organization),
            actor=None,
            fields={"role": "lead"},
        )
    assert "role" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.participant_remove(participant=participant_of(project, organization), actor=None)
    services.project_lead_change(project=project, organization=other_organization, actor=None)
    roles = dict(project.participants.values_list("organization__slug", "role"))
    assert roles == {organization.slug: "partner", other_organization.slug: "lead"}


def test_a_milestone_is_due_within_the_project(organization):
    project = project_make(organization, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    with pytest.raises(ValidationError) as error:
        milestone_make(project, due_on=date(2027, 1, 1))
    assert "due_on" in error.value.message_dict
    milestone_make(project, due_on=date(2026, 12, 31))
    with pytest.raises(ValidationError) as error:
        services.project_update(project=project, actor=None, fields={"ends_on": date(2026, 6, 1)})
    assert "ends_on" in error.value.message_dict


def test_a_product_deliverable_is_done_when_the_product_reaches_its_stage(organization):
    project = project_make(organization)
    product = product_make(organization, stage="development")
    deliverable = deliverable_make(
        milestone_make(project),
        participant_of(project, organization),
        kind="product",
        product=product,
        target_stage="pilot",
        title_en="",
    )
    assert not Deliverable.objects.get(pk=deliverable.pk).is_done
    Product.objects.filter(pk=product.pk).update(stage=Product.Stage.IMPLEMENTED)
    assert Deliverable.objects.get(pk=deliverable.pk).is_done  # read, not a stored flag


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "rubles"}, "currency"),
        ({"planned": Decimal("-1")}, "planned"),
        ({"spent": Decimal("-0.01")}, "spent"),
    ],
)
def test_budget_lines_refuse_bad_money(organization, fields, field):
    project = project_make(organization)
    with pytest.raises(ValidationError) as error:
        budget_line_make(project, participant_of(project, organization), **fields)
    assert field in error.value.message_dict
    assert not project.budget_lines.exists()


def test_a_lowercase_currency_is_stored_as_its_code(organization):
    project = project_make(organization)
    line = budget_line_make(project, participant_of(project, organization), currency="cny")
    assert line.currency == "CNY"


def test_a_programme_records_its_tracks(organization, other_organization):
    Organization.objects.filter(pk=other_organization.pk).update(kind="foreign_university")
    project = project_make(
        organization, kind="programme", partners=[(other_organization, "foreign")]
    )
    programme = services.programme_set(
        project=project,
        actor=None,
        scheme="double",
        languages=["ru", "zh"],
        intake_per_year=25,
        products=[],
        tracks=[
            services.Track(
                participant=participant_of(project, other_organization), years=Decimal(2)
            ),
            services.Track(participant=participant_of(project, organization), years=Decimal(2)),
        ],
    )
    assert services.programme_pattern(programme) == "2+2"
    with pytest.raises(ValidationError) as error:
        services.programme_set(
            project=project_make(organization),
            actor=None,
            scheme="double",
            languages=[],
            intake_per_year=None,
            products=[],
            tracks=[],
        )
    assert "kind" in error.value.message_dict


def test_a_laboratory_is_hosted_by_a_participant(organization, other_organization):
    project = project_make(organization, kind="laboratory")
    with pytest.raises(ValidationError) as error:
        services.laboratory_set(project=project, actor=None, fields={"host": other_organization})
    assert "host" in error.value.message_dict
    lab = services.laboratory_set(
        project=project, actor=None, fields={"host": organization, "city": "Tomsk"}
    )
    services.laboratory_output_set(
        laboratory=lab, year=2025, actor=None, fields={"publications": 4}
    )
    services.laboratory_output_set(
        laboratory=lab, year=2025, actor=None, fields={"publications": 6}
    )
    assert list(lab.outputs.values_list("year", "publications")) == [(2025, 6)]
    assert str(lab.country) == "RU"


def test_participant_roles(organization):
    assert Participant.Role.LEAD == "lead"


def test_a_product_deliverable_takes_no_date(organization):
    project = project_make(organization)
    deliverable = deliverable_make(
        milestone_make(project),
        participant_of(project, organization),
        kind="product",
        product=product_make(organization),
        target_stage="pilot",
        title_en="",
    )
    with pytest.raises(ValidationError) as error:
        services.deliverable_update(
            deliverable=deliverable, actor=None, fields={"done_on": date(2026, 5, 1)}
        )
    assert "done_on" in error.value.message_dict
    assert Deliverable.objects.get(pk=deliverable.pk).done_on is None


def test_a_laboratory_project_keeps_its_kind(organization):
    project = project_make(organization, kind="laboratory")
    services.laboratory_set(project=project, actor=None, fields={"host": organization})
    with pytest.raises(ValidationError) as error:
        services.project_update(project=project, actor=None, fields={"kind": "research"})
    assert "kind" in error.value.message_dict
    assert Project.objects.get(pk=project.pk).kind == "laboratory"
