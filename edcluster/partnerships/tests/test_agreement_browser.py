"""An agreement from start to map in a real headless Chromium: a member's editor drafts a
mobility agreement with a Chinese partner, adds two conditions in the agreement editor (by htmx,
the page never reloads), signs it, records the partner's signature on its behalf with the signed
PDF, downloads the IIA XML (valid against the v7 schema, with both conditions) and finds China
on the partners map."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from edcluster.partnerships import ewp
from edcluster.partnerships.ewp.export import NS
from edcluster.partnerships.models import Agreement
from edcluster.partnerships.tests.factories import isced_make, partner_make
from edcluster.testing import PASSWORD
from edcluster.testing.browser import console_errors_of, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

IIAS = f"{{{NS}}}"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CHINA_COLOUR = """(canvas) => {
  const chart = canvas.chart;
  const shapes = chart.data.datasets[0].data;
  const at = shapes.findIndex((d) => d.feature.id === "156");
  return chart.getDatasetMeta(0).data[at].options.backgroundColor;
}"""


def condition(page, **fields) -> None:
    """Fill the agreement page's condition form and add it (an htmx request)."""
    form = page.locator("#conditions form.stacked")
    for name, value in fields.items():
        if name == "type":
            form.locator(f"select[name={name}]").select_option(label=value)
        elif name in ("sending_party", "receiving_party"):
            form.locator(f"select[name={name}]").select_option(value=value)
        elif name == "eqf_levels":
            form.locator(f"input[name=eqf_levels][value='{value}']").check()
        else:
            form.locator(f"[name={name}]").fill(value)
    form.get_by_role("button", name="Add").click()


def sign_as(page, link: str, signer: str, *, pdf: bytes | None = None) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    page.locator("[name=signer_name]").fill(signer)
    if pdf is not None:
        page.locator("input[name=pdf]").set_input_files(
            {"name": "signed.pdf", "mimeType": "application/pdf", "buffer": pdf}
        )
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_url("**/en/partnerships/*/")


def sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def draft(page, base: str, owner, partner) -> Agreement:
    """The agreement form: kept by the member, with the partner, valid from yesterday."""
    today = timezone.localdate()
    page.goto(f"{base}/en/partnerships/new/")
    page.locator("select[name=owner]").select_option(value=str(owner.pk))
    page.locator("select[name=partners]").select_option(value=str(partner.pk))
    page.locator("[name=code]").fill("ACME-JLU-1")
    page.locator("select[name=kind]").select_option(value=Agreement.Kind.MOBILITY)
    page.locator("[name=valid_from]").fill((today - timedelta(days=1)).isoformat())
    page.locator("[name=valid_until]").fill((today + timedelta(days=1500)).isoformat())
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_url("**/en/partnerships/*/")
    return Agreement.objects.get(code="ACME-JLU-1")


def two_conditions(page, ours: str, theirs: str) -> None:
    """Students ours → theirs, staff theirs → ours, each added by htmx: the page is not loaded
    again (the marker survives)."""
    from playwright.sync_api import expect

    page.evaluate("window.stillTheSamePage = true")
    year = timezone.localdate().year
    years = {"first_year": f"{year}/{year + 1}", "last_year": f"{year + 1}/{year + 2}"}
    students = {"type": "student mobility for studies", "mobilities_per_year": "3"}
    students |= {"total_per_year": "15", "subject_areas": "0533 Physics", "eqf_levels": "6"}
    condition(
        page, sending_party=ours, receiving_party=theirs, languages="en B2", **students, **years
    )
    rows = page.locator("#conditions tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("0533 Physics")
    staff = {"type": "staff mobility for teaching", "mobilities_per_year": "1"}
    staff |= {"total_per_year": "7", "languages": "ru B1"}
    condition(page, sending_party=theirs, receiving_party=ours, **staff, **years)
    expect(rows).to_have_count(2)
    assert page.evaluate("window.stillTheSamePage") is True


def downloaded_iia(page) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the newest version as EWP IIA v7 XML").click()
    return download.value.path().read_bytes()


def test_an_editor_builds_signs_exports_and_maps_an_agreement(
    live_server, transactional_db, chromium, member_editor, organization
):
    from playwright.sync_api import expect

    isced_make()
    jilin = partner_make()
    page = chromium.new_page(locale="en-GB", viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15000)
    console_errors = console_errors_of(page)
    sign_in(page, live_server.url, member_editor)
    agreement = draft(page, live_server.url, organization, jilin)
    ours, theirs = (
        str(agreement.parties.get(organization=side).pk) for side in (organization, jilin)
    )
    two_conditions(page, ours, theirs)

    # Signed by the member, then recorded for the partner with its signed copy.
    sign_as(page, "Sign", "A. Editor")
    sign_as(page, "Record the partner's signature", "Li Wei", pdf=PDF)
    expect(page.locator("h1 .badge")).to_have_text("in effect")
    expect(page.locator("table").first).to_contain_text("recorded on its behalf")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_EFFECT

    # The IIA XML: valid against the v7 schema, carrying both conditions.
    xml = downloaded_iia(page)
    assert ewp.iia_validate(xml) == []
    root = etree.fromstring(xml)
    conditions = root.find(f".//{IIAS}cooperation-conditions")
    assert conditions is not None
    kinds = [etree.QName(element).localname for element in conditions]
    assert kinds == ["student-studies-mobility-spec", "staff-teacher-mobility-spec"]
    assert root.findtext(f".//{IIAS}iia-code") == "ACME-JLU-1"

    # China, the partner's country, on the map and in its table.
    page.goto(f"{live_server.url}/en/partnerships/map/")
    page.wait_for_selector("canvas[data-drawn='1']", timeout=10000)
    china = page.locator("canvas[data-chart=choropleth]").evaluate(CHINA_COLOUR)
    assert china not in ("#eef1f5", "transparent")
    row = page.locator("table.country-figures tbody tr", has_text="China")
    expect(row.locator("td").nth(2)).to_have_text("1")  # region, partners, agreements
    assert console_errors == []
