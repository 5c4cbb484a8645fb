"""The authorization matrix's rows for the catalog's imports (pages and API), joined into
`authorization.PAGES` and `authorization.API`; the run they read is made by its `arrange`."""

from django.core.files.uploadedfile import SimpleUploadedFile

from edcluster.catalog.models import ImportRun
from edcluster.organizations.tests.authorization import W_ORG
from edcluster.testing.authorization import (
    APPLICANT,
    EDITOR,
    OPERATOR,
    OUTSIDER,
    SUSPENDED,
    Case,
    Context,
    everyone,
    statuses,
)

# The import form is the product form's kin: admitted members' editors (and operators).
IMPORT_FORM = statuses(302, 200, 403, 200, 200, 200) | {SUSPENDED: 403, APPLICANT: 403}
W_RUN = {EDITOR, OPERATOR}  # an import run is its author's (and the operators')
RUN_READ = statuses(302, 404, 404, 200, 404, 200)
RUN_WRITE = statuses(302, 404, 404, 302, 404, 302)
CSV_FILE = (
    b"external_id,kind,title_ru\nx-1,module,\xd0\x9c\xd0\xbe\xd0\xb4\xd1\x83\xd0\xbb\xd1\x8c\n"
)


def runs(ctx: Context) -> int:
    return ImportRun.objects.count()


def upload(ctx: Context, persona: str) -> dict:
    return {
        "file": SimpleUploadedFile("catalog.csv", CSV_FILE),
        "owner": "acme",
        "encoding": "utf-8",
    }


def upload_without_owner(ctx: Context, persona: str) -> dict:
    return {"file": SimpleUploadedFile("catalog.csv", CSV_FILE), "encoding": "utf-8"}


IMPORT_PAGES: dict[str, list[Case]] = {
    "catalog:import": [
        Case("GET", lambda ctx: "/en/catalog/import/", IMPORT_FORM),
        # The outsider edits Globex only: its choice of Acme is refused by the form.
        Case(
            "POST",
            lambda ctx: "/en/catalog/import/",
            statuses(302, 400, 403, 302, 302, 302) | {APPLICANT: 403},
            state=runs,
            writers=W_ORG,
            data=upload,
        ),
        # With no default owner the rows name theirs: anyone who edits an admitted member may
        # upload (the outsider for Globex); the viewer, the applicant (Hooli is not admitted)
        # and the suspended member's editor may not.
        Case(
            "POST",
            lambda ctx: "/en/catalog/import/",
            statuses(302, 302, 403, 302, 302, 302) | {APPLICANT: 403},
            state=runs,
            writers=W_ORG | {OUTSIDER},
            data=upload_without_owner,
        ),
    ],
    # The layout's documentation: anyone may download the template (no records in it).
    "catalog:import_template": [
        Case("GET", lambda ctx: "/en/catalog/import/template.csv", everyone(200)),
        Case("GET", lambda ctx: "/en/catalog/import/template.xlsx", everyone(200)),
    ],
    "catalog:import_run": [Case("GET", lambda ctx: f"/en/catalog/import/{ctx.run_id}/", RUN_READ)],
    "catalog:import_confirm": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/import/{ctx.run_id}/confirm/",
            RUN_WRITE,
            state=runs,
            writers=W_RUN,
        )
    ],
    # The context's run is done: its author and operators are told it cannot resume, and it
    # has no other encoding to try (test_import_limits.py resumes and retries real ones).
    "catalog:import_resume": [
        Case("POST", lambda ctx: f"/en/catalog/import/{ctx.run_id}/resume/", RUN_WRITE)
    ],
    "catalog:import_retry": [
        Case("POST", lambda ctx: f"/en/catalog/import/{ctx.run_id}/retry/", RUN_WRITE)
    ],
}

IMPORT_API: dict[str, list[Case]] = {
    "POST /api/catalog/imports": [
        Case(
            "POST",
            lambda ctx: "/api/catalog/imports",
            statuses(401, 403, 403, 202, 202, 202),
            state=runs,
            writers=W_ORG,
            data=upload,
        ),
        Case(
            "POST",
            lambda ctx: "/api/catalog/imports",
            statuses(401, 202, 403, 202, 202, 202) | {APPLICANT: 403},
            state=runs,
            writers=W_ORG | {OUTSIDER},
            data=upload_without_owner,
        ),
    ],
    "GET /api/catalog/imports": [
        Case("GET", lambda ctx: "/api/catalog/imports", statuses(401, 200, 200, 200, 200, 200))
    ],
    "GET /api/catalog/imports/{run_id}": [
        Case(
            "GET",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}",
            statuses(401, 404, 404, 200, 404, 200),
        )
    ],
    "GET /api/catalog/imports/{run_id}/errors": [
        Case(
            "GET",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}/errors",
            statuses(401, 404, 404, 200, 404, 200),
        )
    ],
    "GET /api/catalog/imports/{run_id}/actions": [
        Case(
            "GET",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}/actions",
            statuses(401, 404, 404, 200, 404, 200),
        )
    ],
    "POST /api/catalog/imports/{run_id}/resume": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}/resume",
            statuses(401, 404, 404, 400, 404, 400),
        )
    ],
    "POST /api/catalog/imports/{run_id}/confirm": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}/confirm",
            statuses(401, 404, 404, 202, 404, 202),
            state=runs,
            writers=W_RUN,
        )
    ],
}
