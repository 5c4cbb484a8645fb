"""What the partnerships rows of the authorization matrix share: the arrangement, the
states they compare, the data they send and the expected statuses (see authorization.py)."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from edcluster.organizations.models import Organization, OrganizationContact, OrganizationUnit
from edcluster.partnerships import services
from edcluster.partnerships.demo import DEMO_PDF
from edcluster.partnerships.models import Agreement, QuotaUse, Signature
from edcluster.partnerships.tests.factories import (
    agreement_make,
    condition_make,
    isced_make,
    partner_make,
    sign,
)
from edcluster.testing.authorization import (
    ADMIN,
    APPLICANT,
    EDITOR,
    OPERATOR,
    OUTSIDER,
    PARTNER,
    SUSPENDED,
    Context,
    statuses,
)

W = {EDITOR, ADMIN, OPERATOR}
W_PARTNERS = W | {OUTSIDER}
# Partners: members' staff read; admitted members' editors and operators write.
P_READ = statuses(302, 200, 200, 200, 200, 200) | {APPLICANT: 403}
P_READ_API = statuses(401, 200, 200, 200, 200, 200) | {APPLICANT: 403}
P_FORM = statuses(302, 200, 403, 200, 200, 200) | {APPLICANT: 403, SUSPENDED: 403}
P_POST = statuses(302, 302, 403, 302, 302, 302) | {APPLICANT: 403}
# The draft MoU (Initech a party) and the signed mobility agreement (Initech not one).
A_READ = statuses(302, 404, 200, 200, 200, 200) | {PARTNER: 200}
A_READ_API = statuses(401, 404, 200, 200, 200, 200) | {PARTNER: 200}
S_READ = statuses(302, 404, 200, 200, 200, 200)
S_READ_API = statuses(401, 404, 200, 200, 200, 200)
A_FORM = statuses(302, 404, 403, 200, 200, 200) | {PARTNER: 403, SUSPENDED: 403}
A_POST = statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 403}
S_FORM = statuses(302, 404, 403, 200, 200, 200) | {SUSPENDED: 403}
S_POST = statuses(302, 404, 403, 302, 302, 302)


def api(code: int, *, partner: int | None = 403, signed: bool = False) -> dict[str, int]:
    """A write of the keeping member: `code` for its editors and operators."""
    expected = statuses(401, 404, 403, code, code, code) | {SUSPENDED: 403}
    return expected if signed or partner is None else expected | {PARTNER: partner}


def arrange(ctx: Context) -> None:
    isced_make()
    ctx.partner = partner_make()
    unit = OrganizationUnit.objects.create(
        organization=ctx.partner, unit_id="jlu-chem", name_ru="Химия", name_en="Chemistry"
    )
    ctx.unit_id = unit.pk
    ctx.contact_id = OrganizationContact.objects.create(
        organization=ctx.partner, role="International office", name="Li Wei"
    ).pk
    initech = Organization.objects.get(slug="initech")
    draft = agreement_make(
        ctx.organization, initech, ctx.partner, kind=Agreement.Kind.MOU, code="MOU-1"
    )
    ctx.draft_id = draft.pk
    ctx.draft_condition_id = condition_make(draft, ctx.partner, ctx.organization).pk
    signed = agreement_make(ctx.organization, ctx.partner, code="IIA-1")
    ctx.signed_condition_id = condition_make(signed, ctx.partner, ctx.organization).pk
    services.agreement_update(
        agreement=signed, actor=None, pdf=ContentFile(DEMO_PDF, name="signed.pdf")
    )
    sign(signed, ctx.organization)
    ctx.signature_id = sign(signed, ctx.partner).pk
    ctx.signed_id = signed.pk


def draft_state(ctx: Context) -> tuple:
    agreement = Agreement.objects.get(pk=ctx.draft_id)
    version = services.latest_version(agreement)
    return (
        agreement.code,
        agreement.status,
        tuple(version.conditions.values_list("pk", "mobilities_per_year")),
        tuple(version.signatures.values_list("pk", flat=True)),
    )


def signed_state(ctx: Context) -> tuple:
    agreement = Agreement.objects.get(pk=ctx.signed_id)
    return (
        agreement.code,
        agreement.status,
        agreement.versions.count(),
        tuple(QuotaUse.objects.values_list("academic_year", "used")),
    )


def partner_state(ctx: Context) -> tuple:
    partner = Organization.objects.get(pk=ctx.partner.pk)
    return (
        Organization.objects.count(),
        partner.erasmus_code,
        partner.units.count(),
        partner.contacts.count(),
    )


def party_id(ctx: Context, slug: str) -> int:
    return Agreement.objects.get(pk=ctx.draft_id).parties.get(organization__slug=slug).pk


def condition_form(ctx: Context, persona: str) -> dict:
    return {
        "type": "student_studies",
        "sending_party": party_id(ctx, "jilin"),
        "receiving_party": party_id(ctx, "acme"),
        "first_year": "2026/2027",
        "last_year": "2027/2028",
        "mobilities_per_year": "7",
        "total_per_year": "10",
        "subject_areas": "0531 Chemistry",
        "eqf_levels": ["6"],
        "languages": "en B2",
    }


def condition_json(ctx: Context, persona: str) -> dict:
    return {
        "type": "student_studies",
        "sending_party": party_id(ctx, "jilin"),
        "receiving_party": party_id(ctx, "acme"),
        "first_year": "2026/2027",
        "last_year": "2027/2028",
        "mobilities_per_year": 7,
        "total_per_year": 10,
        "subject_areas": [{"code": "0531", "clarification": ""}],
        "eqf_levels": [6],
        "languages": [{"language": "en", "cefr": "B2"}],
    }


def signature_data(ctx: Context, persona: str, *, slug: str | None = None) -> dict:
    agreement = Agreement.objects.get(pk=ctx.draft_id)
    chosen = slug or ("initech" if persona == PARTNER else "acme")
    return {
        "party": party_id(ctx, chosen),
        "version": 1,
        "version_hash": services.version_hash(services.latest_version(agreement)),
        "signer_name": "Signer",
        "signed_on": "2026-01-10",
    }


def behalf_form(ctx: Context, persona: str) -> dict:
    pdf = SimpleUploadedFile("signed.pdf", DEMO_PDF, "application/pdf")
    return signature_data(ctx, persona, slug="jilin") | {"pdf": pdf}


def behalf_api(ctx: Context, persona: str) -> dict:
    pdf = SimpleUploadedFile("signed.pdf", DEMO_PDF, "application/pdf")
    return signature_data(ctx, persona, slug="jilin") | {"pdf": pdf}


def agreement_form(ctx: Context, persona: str) -> dict:
    return {
        "owner": ctx.organization.pk,
        "partners": [ctx.partner.pk],
        "code": "NEW-1",
        "kind": "mou",
        "valid_from": "2026-09-01",
    }


def agreement_json(ctx: Context, persona: str) -> dict:
    return {
        "owner": "acme",
        "code": "NEW-1",
        "kind": "mou",
        "valid_from": "2026-09-01",
        "parties": [{"organization": "acme"}, {"organization": "jilin"}],
    }


def agreements_state(ctx: Context) -> int:
    return Agreement.objects.count()


def signatures_state(ctx: Context) -> int:
    return Signature.objects.count()


def draft_path(suffix: str = ""):
    return lambda ctx: f"/en/partnerships/{ctx.draft_id}/{suffix}"


def signed_path(suffix: str = ""):
    return lambda ctx: f"/en/partnerships/{ctx.signed_id}/{suffix}"
