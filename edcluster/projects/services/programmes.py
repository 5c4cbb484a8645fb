"""A joint programme's particulars (scheme, tracks per participant, products, languages,
intake) and a laboratory's (host, place, research areas, opening, yearly outputs)."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.partnerships.models import Agreement
from edcluster.partnerships.selectors import agreement_visible
from edcluster.projects.models import (
    JointProgramme,
    Laboratory,
    LaboratoryOutput,
    Participant,
    ProgrammeTrack,
    Project,
)
from edcluster.projects.selectors import PROGRAMME_AGREEMENT_KINDS

LANGUAGE = re.compile(r"^[a-z]{2}$")
PROGRAMME_KINDS = (Project.Kind.PROGRAMME,)
LABORATORY_KINDS = (Project.Kind.LABORATORY, Project.Kind.CENTRE)


@dataclass(frozen=True)
class Track:
    """One participant's part of a programme, as given."""

    participant: Participant
    years: Decimal
    diploma_ru: str = ""
    diploma_en: str = ""


def _check_tracks(project: Project, tracks: list[Track]) -> None:
    seen = set()
    for track in tracks:
        if track.participant.project_id != project.pk:
            raise ValidationError({"tracks": _("The participant is not of this project.")})
        if track.participant.pk in seen:
            raise ValidationError({"tracks": _("A participant has one track.")})
        if not 0 <= Decimal(track.years) <= 10:
            raise ValidationError({"tracks": _("Years spent there are between 0 and 10.")})
        seen.add(track.participant.pk)


def _check_agreement(project: Project, actor, agreement: Agreement | None) -> None:
    """The agreement must be readable by the actor (unless it is the one already named), of a
    kind a programme runs under, and have a participant of the project among its parties. No
    actor is the system (the demo seeder), which reads every agreement."""
    if agreement is None:
        return
    current = JointProgramme.objects.filter(project=project).values_list("agreement_id", flat=True)
    kept = actor is None or agreement.pk in current
    if not kept and not agreement_visible(viewer=actor).filter(pk=agreement.pk).exists():
        raise ValidationError({"agreement": _("Choose an agreement you may read.")})
    if agreement.kind not in PROGRAMME_AGREEMENT_KINDS:
        raise ValidationError(
            {
                "agreement": _(
                    "A programme runs under a degree, joint PhD, memorandum or mobility agreement."
                )
            }
        )
    organizations = project.participants.values("organization_id")
    if not agreement.parties.filter(organization__in=organizations).exists():
        raise ValidationError(
            {"agreement": _("None of the agreement's parties takes part in the project.")}
        )


@transaction.atomic
def programme_set(
    *,
    project: Project,
    actor,
    scheme: str,
    languages: list[str],
    intake_per_year: int | None,
    products: list,
    tracks: list[Track],
    agreement: Agreement | None = None,
) -> JointProgramme:
    """Record (or replace) a joint programme project's particulars and the agreement it runs
    under."""
    if project.kind not in PROGRAMME_KINDS:
        raise ValidationError({"kind": _("Only a joint programme project has a programme.")})
    if scheme not in JointProgramme.Scheme.values:
        raise ValidationError({"scheme": _("Unknown scheme.")})
    codes = [code.strip().lower() for code in languages if code.strip()]
    if not all(LANGUAGE.match(code) for code in codes):
        raise ValidationError({"languages": _("List two-letter ISO 639-1 codes, e.g. ru and en.")})
    if intake_per_year is not None and not 0 <= intake_per_year <= 100_000:
        raise ValidationError({"intake_per_year": _("Give an intake between 0 and 100,000.")})
    _check_tracks(project, tracks)
    _check_agreement(project, actor, agreement)
    programme, created = JointProgramme.objects.update_or_create(
        project=project,
        defaults={
            "scheme": scheme,
            "languages": codes,
            "intake_per_year": intake_per_year,
            "agreement": agreement,
        },
    )
    programme.products.set(products)
    programme.tracks.all().delete()
    ProgrammeTrack.objects.bulk_create(
        ProgrammeTrack(
            programme=programme,
            participant=track.participant,
            years=track.years,
            diploma_ru=track.diploma_ru,
            diploma_en=track.diploma_en,
            position=position,
        )
        for position, track in enumerate(tracks)
    )
    audit_record(
        actor=actor,
        verb="project.programme_set",
        target=project,
        data={
            "scheme": scheme,
            "tracks": len(tracks),
            "created": created,
            "agreement": agreement.pk if agreement else None,
        },
    )
    return programme


def programme_pattern(programme: JointProgramme) -> str:
    """The years by participant, as people write it: "2+2"."""
    return "+".join(_number(track.years) for track in programme.tracks.all())


def _number(value: Decimal) -> str:
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"


LABORATORY_FIELDS = {
    "host",
    "country",
    "city",
    "research_areas_ru",
    "research_areas_en",
    "opened_on",
}


@transaction.atomic
def laboratory_set(*, project: Project, actor, fields: dict) -> Laboratory:
    """Record (or change) a laboratory or centre project's particulars; the host takes part."""
    if project.kind not in LABORATORY_KINDS:
        raise ValidationError({"kind": _("Only a laboratory or centre project has a laboratory.")})
    refused = set(fields) - LABORATORY_FIELDS
    if refused:
        raise ValidationError({name: _("This field cannot be set here.") for name in refused})
    laboratory = Laboratory.objects.filter(project=project).first() or Laboratory(project=project)
    for name, value in fields.items():
        setattr(laboratory, name, value)
    host = laboratory.host if laboratory.host_id else None
    if host is None or not project.participants.filter(organization=host).exists():
        raise ValidationError({"host": _("The host must be one of the project's participants.")})
    if not laboratory.country:
        laboratory.country = host.country
    laboratory.full_clean(exclude=["project", "host"])
    laboratory.save()
    audit_record(actor=actor, verb="project.laboratory_set", target=project, data={})
    return laboratory


OUTPUT_FIELDS = {"publications", "patents", "theses", "students", "note"}


@transaction.atomic
def laboratory_output_set(
    *, laboratory: Laboratory, year: int, actor, fields: dict
) -> LaboratoryOutput:
    """What the laboratory produced in a year (replaces that year's figures)."""
    refused = set(fields) - OUTPUT_FIELDS
    if refused:
        raise ValidationError({name: _("This field cannot be set here.") for name in refused})
    if not 1990 <= year <= 2100:
        raise ValidationError({"year": _("Give a year between 1990 and 2100.")})
    for name in OUTPUT_FIELDS - {"note"}:
        if fields.get(name, 0) < 0:
            raise ValidationError({name: _("A count cannot be negative.")})
    output, _created = LaboratoryOutput.objects.update_or_create(
        laboratory=laboratory, year=year, defaults=fields
    )
    audit_record(
        actor=actor,
        verb="project.laboratory_output_set",
        target=laboratory.project,
        data={"year": year},
    )
    return output
