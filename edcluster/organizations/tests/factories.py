"""Organizations and the reference lists they are tagged with, for tests."""

from edcluster.organizations.models import (
    FieldOfEducation,
    Organization,
    PriorityArea,
    StatusChange,
)


def organization_make(slug: str, *, status: str = Organization.Status.ADMITTED, **fields):
    """An organization in this status (with the status change that put it there)."""
    values = {
        "name_ru": f"Организация {slug}",
        "name_en": f"Organization {slug}",
        "kind": Organization.Kind.UNIVERSITY,
        "city": "Томск",
    } | fields
    organization = Organization.objects.create(slug=slug, status=status, **values)
    StatusChange.objects.create(organization=organization, to_status=status)
    return organization


def priority_area_make(
    code: str = "3",
    *,
    list: str = PriorityArea.List.DECREE_899_2011,
    name_ru: str = "ИТ",
    name_en: str = "IT",
) -> PriorityArea:
    """A priority area of one of the two official lists (by default the 2011 decree's IT)."""
    return PriorityArea.objects.create(list=list, code=code, name_ru=name_ru, name_en=name_en)


def field_make(code: str, level: str, name_en: str, **fields) -> FieldOfEducation:
    """An ISCED-F field of education (`parent` among `fields` for a narrower one)."""
    return FieldOfEducation.objects.create(code=code, level=level, name_en=name_en, **fields)
