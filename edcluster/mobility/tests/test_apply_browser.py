"""An application from search to decision in a real headless Chromium: a would-be applicant
finds a programme in English and walks the application wizard (profile, consents, programme,
each document of the checklist, review) and submits; the host's office accepts the files,
moves the case on from the queue (a bulk move), starts the review and records the decision,
which the applicant then reads on the case page. And a newcomer without an account signs up
from the intake's page, opens the account by the mailed link and lands in the wizard."""

import re

import pytest
from django.core import mail

from edcluster.mobility.demo import PDF
from edcluster.mobility.models import Application
from edcluster.mobility.tests.factories import intake_make
from edcluster.testing import PASSWORD
from edcluster.testing.browser import console_errors_of, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def sign_in(browser, base: str, user):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def apply(page, base: str) -> Application:
    """Search, open the intake and walk the wizard (htmx swaps each step's panel): profile,
    consents, programme, each document of the checklist, review with its passport warning."""
    from playwright.sync_api import expect

    page.goto(f"{base}/en/mobility/")
    page.locator("[name=q]").fill("Quantum")
    page.locator("[name=q]").press("Enter")
    page.get_by_role("link", name="Quantum optics").click()
    page.get_by_role("link", name="Apply", exact=True).click()
    page.wait_for_url("**/apply/profile/")
    expect(page.locator("#wizard [aria-current=step]")).to_contain_text("Profile & passport")
    profile = {
        "passport_name": "NGUYEN VAN AN",
        "birth_date": "2002-02-01",
        "passport_number": "C7654321",
        "passport_expires": "2028-06-01",  # under 18 months after the arrival: a warning
    }
    for name, value in profile.items():
        page.locator(f"[name={name}]").fill(value)
    page.locator("select[name=citizenship]").select_option("VN")
    page.locator("select[name=sex]").select_option("m")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#wizard [aria-current=step]")).to_contain_text("Consents")
    page.get_by_role("button", name="Save and continue").click()  # no consent: refused
    expect(page.locator("#wizard .errorlist")).to_contain_text("without this consent")
    page.locator("[name=consent_personal_data]").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#wizard [aria-current=step]")).to_contain_text("Programme & dates")
    page.locator("select[name=category]").select_option("exchange")
    page.locator("[name=planned_arrival]").fill("2027-09-01")
    page.locator("[name=planned_departure]").fill("2028-01-31")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#wizard [aria-current=step]")).to_contain_text("Documents")
    page.wait_for_url("**/apply/documents/")
    upload_all(page)
    page.get_by_role("link", name="Next: review").click()
    expect(page.locator("#wizard [aria-current=step]")).to_contain_text("Review & submit")
    expect(page.locator("#wizard .warning")).to_contain_text("less than 18 months")
    expect(page.locator("#wizard")).to_contain_text("NGUYEN VAN AN")
    return Application.objects.get(applicant__email="an.nguyen@example.org")


def upload_all(page) -> None:
    from playwright.sync_api import expect

    forms = page.locator("#wizard form[enctype='multipart/form-data']")
    for index in range(forms.count()):
        form = page.locator("#wizard form[enctype='multipart/form-data']").nth(index)
        form.locator("input[type=file]").set_input_files(
            {"name": f"document{index}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        form.get_by_role("button", name="Upload").click()
        expect(page.locator("#wizard")).to_contain_text(f"document{index}.pdf")


def test_an_applicant_applies_and_the_office_decides(
    live_server, transactional_db, chromium, organization, member_editor, django_user_model
):
    from playwright.sync_api import expect

    intake_make(organization, title_en="Quantum optics")
    applicant = django_user_model.objects.create_user("an.nguyen@example.org", PASSWORD)
    base = live_server.url
    page = sign_in(chromium, base, applicant)
    console_errors = console_errors_of(page)
    application = apply(page, base)
    page.get_by_role("button", name="Submit the application").click()
    expect(page.locator("#case .badge").first).to_have_text("submitted")

    office = sign_in(chromium, base, member_editor)
    office.goto(f"{base}/en/mobility/applications/{application.pk}/")
    while office.locator("form[action$='/check/']").count():
        office.locator("form[action$='/check/']").first.get_by_role(
            "button", name="Record the check"
        ).click()
        office.wait_for_load_state()
    office.goto(f"{base}/en/mobility/cases/?stage=submitted")
    expect(office.locator("#results tbody")).to_contain_text("NGUYEN VAN AN")
    office.locator(f"input[name=ids][value='{application.pk}']").check()
    office.get_by_role("button", name="Move the chosen cases to their next stage").click()
    expect(office.locator("main")).to_contain_text("documents complete")
    office.goto(f"{base}/en/mobility/applications/{application.pk}/")
    office.get_by_role("button", name="Start the review").click()
    expect(office.locator("#case .badge").first).to_have_text("under review")
    decide = office.locator("form", has=office.get_by_role("button", name="Record the decision"))
    decide.locator("select[name=decision]").select_option("accepted")
    decide.locator("select[name=decision_reason]").select_option("meets")
    decide.get_by_role("button", name="Record the decision").click()
    expect(office.locator("#case .badge").first).to_have_text("decided")

    page.reload()
    expect(page.locator("#case")).to_contain_text("meets the admission requirements")
    expect(page.get_by_role("button", name="Confirm that I come")).to_be_visible()
    assert Application.objects.get(pk=application.pk).decision == "accepted"
    # The one refused step (no consent) answered 400 with its errors; nothing else failed.
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]


def test_a_newcomer_signs_up_confirms_and_starts_the_wizard(
    live_server, transactional_db, chromium, organization
):
    """From the intake's "Create an account" to the wizard's first step: the address typed,
    the link read from the mail, the confirmed page's "Sign in" leading back to the intake."""
    from playwright.sync_api import expect

    intake = intake_make(organization, title_en="Quantum optics")
    base, password = live_server.url, "Blue-harbour-2026!"
    context = chromium.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    console_errors = console_errors_of(page)
    page.goto(f"{base}/en/mobility/intakes/{intake.pk}/")
    page.locator("main").get_by_role("link", name="Create an account").click()
    page.get_by_label("First name").fill("An")
    page.get_by_label("Last name").fill("Nguyen")
    page.get_by_label("E-mail address").fill("an.nguyen@example.org")
    page.locator("[name=password]").fill(password)
    page.locator("[name=password2]").fill(password + "!")
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator("main .errorlist")).to_contain_text("didn’t match")
    page.locator("[name=password]").fill(password)
    page.locator("[name=password2]").fill(password)
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator("h1")).to_have_text("Check your mail")
    assert [message.to for message in mail.outbox] == [["an.nguyen@example.org"]]
    link = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+)", str(mail.outbox[0].body))
    assert link, mail.outbox[0].body
    page.goto(base + link.group(1))
    expect(page.locator("main")).to_contain_text("Your address is confirmed")
    page.locator("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("E-mail address").fill("an.nguyen@example.org")
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/apply/profile/")
    expect(page.locator("#wizard [aria-current=step]")).to_contain_text("Profile & passport")
    # The one refused step (the passwords not matching) answered 400; nothing else failed.
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
