"""A person's path through the pages in a real headless Chromium: an operator signs in, admits an
applied organization from the review queue, switches to Russian and reads the result."""

import pytest

from edcluster.testing import PASSWORD, make_organization, make_user
from edcluster.testing.browser import console_errors_of, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def browser_page(chromium):
    page = chromium.new_page(locale="en-GB")
    return page, console_errors_of(page)


def test_an_operator_admits_an_application_and_reads_it_in_russian(
    live_server, transactional_db, browser_page
):
    page, console_errors = browser_page
    make_user("operator@mc.example", is_operator=True)
    applicant = make_organization(
        "newcomer", status="applied", name_ru="Новый колледж", name_en="New College"
    )
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill("operator@mc.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("summary", has_text="Management").click()  # the operators' group of the menu
    page.get_by_role("link", name="Membership applications", exact=True).click()
    row = page.get_by_role("row").filter(has_text="New College")
    row.get_by_role("button", name="Admit").click()
    page.wait_for_url("**/en/organizations/newcomer/")
    assert "New College is now admitted." in page.locator(".messages").inner_text()

    page.get_by_role("button", name="RU").click()
    page.wait_for_url("**/ru/organizations/newcomer/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Новый колледж"
    assert "принята" in page.locator(".badge.status-admitted").inner_text()
    assert page.get_by_role("link", name="Участники", exact=True).is_visible()
    applicant.refresh_from_db()
    assert applicant.status == "admitted"
    # The page ran under the strict Content-Security-Policy without a violation.
    assert console_errors == []


def test_the_directory_filters_as_you_type(live_server, transactional_db, browser_page):
    from playwright.sync_api import expect

    page, console_errors = browser_page
    make_organization("tsu", name_ru="Томский государственный университет", name_en="TSU")
    make_organization("tpu", name_ru="Томский политехнический университет", name_en="TPU")
    page.goto(f"{live_server.url}/ru/organizations/")
    assert page.locator(".card").count() == 2
    page.get_by_label("Поиск").fill("политех")
    expect(page.locator(".card")).to_have_count(1)
    assert "политехнический" in page.locator(".card").inner_text()
    assert "q=%D0%BF" in page.url  # the filtered state is in the address, shareable
    assert console_errors == []


def test_a_visitor_searches_the_catalog_in_russian_and_opens_a_product(
    live_server, transactional_db, browser_page
):
    from playwright.sync_api import expect

    from edcluster.catalog.tests.factories import published

    page, console_errors = browser_page
    owner = make_organization("tsu", name_ru="Томский государственный университет", name_en="TSU")
    published(
        owner=owner,
        title_ru="Основы программирования на Python",
        title_en="Python programming basics",
        outcomes=[("Пишет программы", "ru")],
    )
    published(owner=owner, title_ru="Органическая химия", summary_ru="Синтез веществ.")
    page.goto(f"{live_server.url}/ru/catalog/")
    expect(page.locator(".card")).to_have_count(2)
    page.get_by_label("Поиск").fill("программированию")  # another form of the title's word
    expect(page.locator(".card")).to_have_count(1)
    page.get_by_role("link", name="Основы программирования на Python").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Основы программирования на Python")
    assert "Пишет программы" in page.content()
    assert console_errors == []


def test_an_editor_adds_a_run_in_place_and_a_visitor_enquires(
    live_server, transactional_db, browser_page, mailoutbox
):
    from datetime import timedelta

    from django.utils import timezone
    from playwright.sync_api import expect

    from edcluster.catalog.models import Enquiry
    from edcluster.catalog.tests.factories import published

    page, console_errors = browser_page
    owner = make_organization("tsu", name_ru="Томский государственный университет", name_en="TSU")
    product = published(owner=owner, title_ru="Анализ данных", title_en="Data analysis")
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill("editor-tsu@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/en/catalog/{product.slug}/")
    page.get_by_text("Add a run").click()
    starts = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Starts").fill(starts.isoformat())
    page.get_by_label("Ends").fill((starts - timedelta(days=1)).isoformat())
    page.get_by_label("Online").check()
    page.get_by_role("button", name="Save the run").click()
    # The 400 answer is swapped in: the message shows where the form is, nothing is saved.
    expect(page.get_by_text("A run cannot end before it starts.")).to_be_visible()
    assert not product.offerings.exists()
    page.get_by_label("Ends").fill((starts + timedelta(days=10)).isoformat())
    page.get_by_label("Enrolment link").fill("https://enrol.example/run")
    page.get_by_role("button", name="Save the run").click()
    expect(page.get_by_text("The run was saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Enrol")).to_have_attribute(
        "href", "https://enrol.example/run"
    )

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/en/catalog/{product.slug}/")
    page.get_by_label("Name").fill("Ivan")
    page.get_by_label("E-mail address").fill("not an address")
    page.get_by_role("button", name="Send the enquiry").click()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    page.get_by_label("E-mail address").fill("ivan@example.net")
    page.get_by_label("Message").fill("Is there a group in May?")
    page.get_by_role("button", name="Send the enquiry").click()
    expect(page.get_by_text("Your enquiry was sent to the product's owners.")).to_be_visible()
    assert Enquiry.objects.get().email == "ivan@example.net"
    # The two refused forms were answered 400 on purpose (the browser notes each); nothing else,
    # such as a Content-Security-Policy violation.
    refused = "the server responded with a status of 400"
    assert [error for error in console_errors if refused not in error] == []
    assert len(console_errors) == 2


def test_an_unknown_skill_is_refused_in_place(live_server, transactional_db, browser_page):
    from playwright.sync_api import expect

    from edcluster.catalog.tests.factories import published

    page, _console_errors = browser_page
    owner = make_organization("tsu", name_ru="Томский государственный университет", name_en="TSU")
    product = published(owner=owner, title_ru="Анализ данных", title_en="Data analysis")
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill("editor-tsu@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/en/catalog/{product.slug}/")
    page.get_by_label("Add a skill").fill("no such skill at all")
    page.locator("#product-skills").get_by_role("button", name="Add").click()
    # Before htmx was told to swap a 400, the click changed nothing on the page.
    expect(page.get_by_text("No skill is called “no such skill at all”.")).to_be_visible()


CHARTS_PAGE = """<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body><main>
<canvas data-chart="bar" data-source="rows"></canvas>
<canvas data-chart="columns" data-source="months"></canvas>
<script id="rows" type="application/json">{rows}</script>
<script id="months" type="application/json">{months}</script>
<script src="{static}vendor/chartjs/chart.umd.min.js"></script>
<script src="{static}js/charts.js"></script></main></body></html>"""


@pytest.mark.parametrize("width", [1200, 360])
def test_charts_label_every_bar_wrap_long_labels_and_hatch_the_month_in_progress(
    live_server, transactional_db, browser_page, width
):
    import json

    page, console_errors = browser_page
    labels = [f"Skill number {i}" for i in range(20)]
    labels[3] = "Technologies for the development of a sustainable agro-industrial complex"
    rows = json.dumps({"labels": labels, "values": list(range(20, 0, -1))})
    months = json.dumps(
        {"labels": ["January 2026", "February 2026"], "values": [40, 3], "partial": [False, True]}
    )
    page.goto(f"{live_server.url}/en/")  # the live server's origin and policy, for its statics
    page.set_content(
        CHARTS_PAGE.format(
            width=width, rows=rows, months=months, static=f"{live_server.url}/static/"
        )
    )
    page.wait_for_function("document.querySelectorAll('canvas[data-drawn]').length === 2")
    ticks = page.evaluate(
        "document.querySelector('[data-source=rows]').chart.scales.y.ticks.map(t => t.label)"
    )
    assert len(ticks) == 20  # none skipped
    assert isinstance(ticks[3], list)  # wrapped onto lines
    assert "".join(ticks[3]).replace(" ", "") == labels[3].replace(" ", "")  # and nothing cut
    partial = page.evaluate(
        "document.querySelector('[data-source=months]').chart.data.datasets[0].backgroundColor"
        ".map(c => c instanceof CanvasPattern)"
    )
    assert partial == [False, True]
    assert console_errors == []


FACTS_PAGE = """<!DOCTYPE html><html lang="ru"><head><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{static}css/edcluster.css"></head><body><main>
<div class="columns"><div><p>Магистратура.</p></div><aside><dl class="facts">
<dt>Владельцы</dt><dd>Томский государственный университет (ведущий)</dd>
<dt>Тип</dt><dd>программа магистратуры</dd>
<dt>Где реализуется или внедрён</dt>
<dd>Россия Кемеровская область (внедрён другой организацией)</dd>
<dt>Приоритетные направления</dt><dd>3. Информационно-телекоммуникационные системы</dd>
<dt>Сайт</dt><dd><a href="https://example.org/{long}">https://example.org/{long}</a></dd>
</dl></aside></div></main></body></html>"""


@pytest.mark.parametrize("width", [1280, 390])
def test_facts_read_whole_beside_a_long_label_and_never_widen_the_page(
    live_server, transactional_db, chromium, width
):
    # The label column was max-content: in the product page's side column a long label took the
    # whole width and left values two to five letters wide («прогр амма магис трату ры»).
    page = chromium.new_page(locale="ru-RU", viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}/ru/")  # the live server's origin and policy, for its statics
    page.set_content(
        FACTS_PAGE.format(static=f"{live_server.url}/static/", long="a" * 120),
        wait_until="load",
    )
    sizes = page.evaluate(
        """() => ({page: document.documentElement.scrollWidth,
                   screen: document.documentElement.clientWidth,
                   list: document.querySelector('dl.facts').getBoundingClientRect().width,
                   values: [...document.querySelectorAll('dl.facts dd')]
                     .map(dd => dd.getBoundingClientRect().width)})"""
    )
    assert sizes["page"] <= sizes["screen"]  # no sideways scroll, the long address included
    # Every value has at least half of the list's width: «программа магистратуры» reads whole.
    assert min(sizes["values"]) >= sizes["list"] / 2, sizes
    word = page.get_by_text("программа магистратуры")
    assert word.evaluate("e => e.getClientRects().length") == 1  # on one line, not broken up


def test_asking_about_a_run_brings_the_form_into_view(live_server, transactional_db, chromium):
    from datetime import timedelta

    from django.utils import timezone
    from playwright.sync_api import expect

    from edcluster.catalog import services
    from edcluster.catalog.tests.factories import published

    page = chromium.new_page(locale="en-GB", viewport={"width": 390, "height": 700})
    owner = make_organization("tsu", name_ru="Томский государственный университет", name_en="TSU")
    product = published(
        owner=owner, title_en="Data analysis", description_en="A long description. " * 80
    )
    editor = owner.memberships.get().user
    starts = timezone.localdate() + timedelta(days=30)
    services.offering_save(
        product=product,
        actor=editor,
        fields={"starts_on": starts, "ends_on": starts + timedelta(days=5), "is_online": True},
    )
    page.goto(f"{live_server.url}/en/catalog/{product.slug}/")
    page.get_by_role("link", name="Enquire").click()
    # Before, the form was swapped far below the table and the click seemed to do nothing.
    expect(page.locator("#enquire-run")).to_contain_text("About the run of")
    expect(page.locator("#enquire-run")).to_be_in_viewport()
    expect(page.get_by_label("Name")).to_be_focused()
