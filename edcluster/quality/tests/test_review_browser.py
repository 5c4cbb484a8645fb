"""An expert's review from assignment to index in a real headless Chromium: a product already
has one review (index 50.0); an operator finds it in the assignment form's list by a word of
its title (htmx swaps the list in) and assigns a second expert by name; the expert opens the
assignment, scores every criterion, declares no conflict and submits; the product page's index
moves to 75.0 with its formula in words, and the catalog's card shows the new badge."""

from datetime import timedelta

import pytest
from django.utils import timezone

from edcluster.core.demo import migration_rows_restore
from edcluster.quality.models import CriteriaSet, Review, ReviewAssignment
from edcluster.quality.tests.factories import (
    CODES,
    assignment_make,
    expert_make,
    product_make,
    review_make,
)
from edcluster.testing import PASSWORD
from edcluster.testing.browser import console_errors_of, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def signed_in(chromium, base: str, user):
    page = chromium.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def assign(page, base: str, product, expert) -> None:
    """The operator narrows the product list by a word (htmx), then chooses and assigns."""
    from playwright.sync_api import expect

    page.goto(f"{base}/en/quality/")
    page.get_by_label("Find a product").fill("shipyard")
    products = page.locator("select[name=product] option")
    expect(products).to_have_count(2)  # "Choose a product" and the one found
    page.locator("select[name=product]").select_option(value=str(product.pk))
    page.locator("select[name=expert]").select_option(value=str(expert.pk))
    due = timezone.localdate() + timedelta(days=30)
    page.locator("[name=due_on]").fill(due.isoformat())
    page.get_by_role("button", name="Assign").click()
    page.wait_for_url("**/en/quality/")


def review(page, base: str) -> None:
    page.goto(f"{base}/en/quality/")
    page.get_by_role("link", name="Welding for shipyards").click()
    for code in CODES:
        page.locator(f"input[name=score_{code}][value='5']").check()
    page.locator("select[name=recommendation]").select_option(value="endorse")
    page.locator("input[name=no_conflict]").check()
    page.get_by_role("button", name="Submit the review").click()
    page.wait_for_url("**/en/quality/assignments/*/")


def test_an_expert_reviews_and_the_index_updates(
    live_server, transactional_db, chromium, operator, organization
):
    from playwright.sync_api import expect

    if not CriteriaSet.objects.exists():  # another transactional test of this worker flushed it
        migration_rows_restore("quality", "0002_default_scoresheet", "create")
    product = product_make(organization, title_en="Welding for shipyards")
    product_make(organization, title_en="Marine biology")
    review_make(assignment_make(product, expert_make("first@example.org")), 3)  # index 50.0
    second = expert_make("second@example.org")
    second.first_name, second.last_name = "Maria", "Petrova"
    second.save(update_fields=["first_name", "last_name"])
    url = f"{live_server.url}/en/catalog/{product.slug}/"

    desk = signed_in(chromium, live_server.url, operator)
    errors = console_errors_of(desk)
    desk.goto(url)
    expect(desk.locator("#quality .quality-badge")).to_contain_text("50.0")
    assign(desk, live_server.url, product, second)
    assert ReviewAssignment.objects.filter(product=product, expert=second).exists()

    expert = signed_in(chromium, live_server.url, second)
    errors += console_errors_of(expert)
    review(expert, live_server.url)
    expect(expert.locator("main")).to_contain_text("5.0 out of 5")
    assert Review.objects.filter(assignment__expert=second).count() == 1

    expert.goto(url)
    section = expert.locator("#quality")
    expect(section.locator(".quality-badge")).to_contain_text("75.0")
    expect(section).to_contain_text("Quality index = 100 × (0.5 × experts 0.75) / 0.5 = 75.0")
    expect(section).to_contain_text("(3 + 5) / 2 = 4")
    expert.goto(f"{live_server.url}/en/catalog/?sort=quality")
    card = expert.locator("li.card", has_text="Welding for shipyards")
    expect(card.locator(".quality-badge")).to_have_text("Quality 75.0 of 100")
    assert errors == []
