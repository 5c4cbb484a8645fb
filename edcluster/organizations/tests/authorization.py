"""Organizations' rows of the authorization matrix (config/tests/test_authorization_matrix.py):
who may call each of its pages and API operations."""

from edcluster.accounts.models import Membership
from edcluster.core.models import AuditEntry
from edcluster.organizations.models import Organization
from edcluster.testing.authorization import (
    ADMIN,
    ALL_PERSONAS,
    ANON,
    APPLICANT,
    EDITOR,
    OPERATOR,
    SUSPENDED,
    VIEWER,
    Case,
    Context,
    everyone,
    slug_path,
    statuses,
)


def org_state(ctx: Context) -> tuple:
    organization = Organization.objects.get(pk=ctx.organization.pk)
    return organization.name_en, organization.status, AuditEntry.objects.count()


def hooli_state(ctx: Context) -> tuple:
    organization = Organization.objects.get(pk=ctx.applicant_organization.pk)
    return organization.name_en, organization.status, AuditEntry.objects.count()


def people_state(ctx: Context) -> list:
    return sorted(
        Membership.objects.filter(organization=ctx.organization).values_list("user__email", "role")
    )


def join_form(ctx: Context, persona: str) -> dict:
    data = {
        "kind": "university",
        "name_ru": "Новый вуз",
        "name_en": "New University",
        "country": "RU",
        "city": "Томск",
    }
    if persona == ANON:
        data |= {
            "admin_email": "new@example.org",
            "admin_first_name": "Иван",
            "admin_last_name": "Петров",
            "admin_password": "Str0ng-pass-2026!",
        }
    return data


def application_json(ctx: Context, persona: str) -> dict:
    return {
        "name_ru": "Новый вуз",
        "name_en": "New University",
        "kind": "university",
        "administrator": {"email": f"{persona}-new@example.org", "password": "Str0ng-pass-2026!"},
    }


def edit_form(ctx: Context, persona: str) -> dict:
    # `kind` is only on the operators' form; the others' forms ignore it.
    return {
        "name_ru": "Акме",
        "name_en": "Acme Renamed",
        "country": "RU",
        "city": "Томск",
        "kind": "university",
    }


W_ORG = {EDITOR, ADMIN, OPERATOR}
# Hooli applied and is not admitted: only its own staff and operators see it; its admin may
# edit its profile while it waits.
HOOLI_READ = everyone(404) | {APPLICANT: 200, OPERATOR: 200}
W_HOOLI = {APPLICANT, OPERATOR}


def hooli_path(template: str):
    return lambda ctx: template.format(slug=ctx.applicant_organization.slug)


W_PEOPLE = {ADMIN, OPERATOR}


PAGES: dict[str, list[Case]] = {
    "organizations:directory": [Case("GET", lambda ctx: "/en/organizations/", everyone(200))],
    "organizations:join": [
        Case("GET", lambda ctx: "/en/organizations/join/", everyone(200)),
        Case(
            "POST",
            lambda ctx: "/en/organizations/join/",
            everyone(200),
            data=join_form,
            state=lambda ctx: Organization.objects.count(),
            writers=set(ALL_PERSONAS),
        ),
    ],
    "organizations:review": [
        Case("GET", lambda ctx: "/en/organizations/review/", statuses(302, 403, 403, 403, 403, 200))
    ],
    "organizations:detail": [
        Case("GET", slug_path("/en/organizations/{slug}/"), everyone(200)),
        Case("GET", hooli_path("/en/organizations/{slug}/"), HOOLI_READ),
    ],
    "organizations:edit": [
        Case(
            "GET",
            slug_path("/en/organizations/{slug}/edit/"),
            # A suspended member's editor cannot open the form it could not save.
            statuses(302, 403, 403, 200, 200, 200) | {SUSPENDED: 403},
        ),
        Case(
            "POST",
            slug_path("/en/organizations/{slug}/edit/"),
            statuses(302, 403, 403, 302, 302, 302),
            data=edit_form,
            state=org_state,
            writers=W_ORG,
        ),
        Case(
            "POST",
            hooli_path("/en/organizations/{slug}/edit/"),
            HOOLI_READ | {ANON: 302, APPLICANT: 302, OPERATOR: 302},
            data=edit_form,
            state=hooli_state,
            writers=W_HOOLI,
        ),
    ],
    "organizations:status": [
        Case(
            "POST",
            slug_path("/en/organizations/{slug}/status/"),
            statuses(302, 403, 403, 403, 403, 302),
            state=org_state,
            writers={OPERATOR},
            data=lambda ctx, persona: {"status": "suspended", "reason": "Dues unpaid"},
        )
    ],
    "organizations:members": [
        Case(
            "GET",
            slug_path("/en/organizations/{slug}/members/"),
            statuses(302, 403, 403, 403, 200, 200),
        ),
        Case(
            "POST",
            slug_path("/en/organizations/{slug}/members/"),
            statuses(302, 403, 403, 403, 302, 302),
            state=people_state,
            writers=W_PEOPLE,
            data=lambda ctx, persona: {"email": "new.person@acme.example", "role": "editor"},
        ),
    ],
    "organizations:member_remove": [
        Case(
            "POST",
            lambda ctx: f"/en/organizations/acme/members/{ctx.users[VIEWER].pk}/remove/",
            statuses(302, 403, 403, 403, 302, 302),
            state=people_state,
            writers=W_PEOPLE,
        )
    ],
}

API: dict[str, list[Case]] = {
    "GET /api/organizations/reference/priority-areas": [
        Case("GET", lambda ctx: "/api/organizations/reference/priority-areas", everyone(200))
    ],
    "GET /api/organizations/reference/fields-of-education": [
        Case("GET", lambda ctx: "/api/organizations/reference/fields-of-education", everyone(200))
    ],
    "GET /api/organizations/": [Case("GET", lambda ctx: "/api/organizations/", everyone(200))],
    "POST /api/organizations/": [
        Case(
            "POST",
            lambda ctx: "/api/organizations/",
            # anonymous: waits for the address to be confirmed; a suspended member's staff may
            # still found another organization
            statuses(202, *[201] * 5) | {SUSPENDED: 201},
            json=True,
            data=application_json,
            state=lambda ctx: Organization.objects.count(),
            writers=set(ALL_PERSONAS),
        )
    ],
    "GET /api/organizations/{slug}": [
        Case("GET", slug_path("/api/organizations/{slug}"), everyone(200)),
        Case("GET", hooli_path("/api/organizations/{slug}"), HOOLI_READ),
    ],
    "PATCH /api/organizations/{slug}": [
        Case(
            "PATCH",
            slug_path("/api/organizations/{slug}"),
            statuses(401, 403, 403, 200, 200, 200),
            json=True,
            data=lambda ctx, persona: {"name_en": "Acme Renamed"},
            state=org_state,
            writers=W_ORG,
        ),
        Case(
            "PATCH",
            hooli_path("/api/organizations/{slug}"),
            HOOLI_READ | {ANON: 401},
            json=True,
            data=lambda ctx, persona: {"name_en": "Hooli Renamed"},
            state=hooli_state,
            writers=W_HOOLI,
        ),
    ],
    "POST /api/organizations/{slug}/status": [
        Case(
            "POST",
            slug_path("/api/organizations/{slug}/status"),
            statuses(401, 403, 403, 403, 403, 200),
            json=True,
            state=org_state,
            data=lambda ctx, persona: {"status": "suspended", "reason": "Dues unpaid"},
            writers={OPERATOR},
        )
    ],
    "GET /api/organizations/{slug}/status-history": [
        Case(
            "GET",
            slug_path("/api/organizations/{slug}/status-history"),
            statuses(401, 403, 200, 200, 200, 200),
        )
    ],
    "GET /api/organizations/{slug}/members": [
        Case(
            "GET",
            slug_path("/api/organizations/{slug}/members"),
            statuses(401, 403, 200, 200, 200, 200),
        )
    ],
    "PUT /api/organizations/{slug}/members": [
        Case(
            "PUT",
            slug_path("/api/organizations/{slug}/members"),
            statuses(401, 403, 403, 403, 200, 200),
            json=True,
            state=people_state,
            writers=W_PEOPLE,
            data=lambda ctx, persona: {"email": "new.person@acme.example", "role": "editor"},
        )
    ],
    "DELETE /api/organizations/{slug}/members/{user_id}": [
        Case(
            "DELETE",
            lambda ctx: f"/api/organizations/acme/members/{ctx.users[VIEWER].pk}",
            statuses(401, 403, 403, 403, 204, 204),
            state=people_state,
            writers=W_PEOPLE,
        )
    ],
}
