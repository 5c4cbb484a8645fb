"""The product page: every field shown, runs managed in place by the product's editors, the
stage and co-owners on the form, and enquiries from anyone (stored, mailed, audited, limited)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from edcluster.accounts.models import Membership
from edcluster.catalog import services
from edcluster.catalog.models import Enquiry, Market, Product, ProductOwner, StageChange
from edcluster.catalog.selectors import CatalogQuery, product_search
from edcluster.catalog.tests.factories import published
from edcluster.core.models import AuditEntry
from edcluster.organizations.tests.factories import organization_make
from edcluster.testing import make_user

HTMX = {"HTTP_HX_REQUEST": "true"}
SOON = timezone.localdate() + timedelta(days=20)


@pytest.fixture
def product(organization, member_editor, priority_area):
    return published(
        owner=organization,
        title_ru="Анализ данных",
        title_en="Data analysis",
        summary_ru="Краткое описание.",
        description_ru="Подробное описание курса.",
        target_audience_en="Engineers of the region.",
        entry_requirements_ru="Школьная математика.",
        certificate_ru="Удостоверение о повышении квалификации",
        mode="blended",
        eqf_level=6,
        isced_level=6,
        duration_hours=72,
        duration_months=3,
        languages=["ru", "en"],
        priority_areas=[priority_area],
    )


def run_form(**changes) -> dict:
    data = {
        "starts_on": (SOON + timedelta(days=10)).isoformat(),
        "ends_on": (SOON + timedelta(days=40)).isoformat(),
        "enrolment_deadline": SOON.isoformat(),
        "place": "Томск, пр. Ленина 36",
        "language": "ru",
        "seats": "25",
        "enrolled": "5",
        "price_override": "",
        "enrolment_url": "",
    }
    return data | changes


def test_the_page_shows_every_field_with_the_other_language_marked(client, product):
    Market.objects.create(product=product, country="KZ", region="Павлодар", kind="adopted")
    page = client.get(f"/ru/catalog/{product.slug}/").text
    for text in [
        "Подробное описание курса.",
        "Школьная математика.",
        "Удостоверение о повышении квалификации",
        "Engineers of the region.",  # no Russian text: the English one, marked
        "на английском: русского текста нет",
        "смешанный",
        "72",
        str(product.priority_areas.get()),
        "Уровень EQF",
        "Павлодар",
    ]:
        assert text in page, text
    english = client.get(f"/en/catalog/{product.slug}/").text
    # No English description: the Russian one, marked; the English audience unmarked.
    assert "(in Russian: there is no English text)" in english
    assert "Engineers of the region." in english
    assert "blended" in english
    assert "Russian, English" in english


def test_an_editor_adds_a_run_in_place_and_sees_errors_in_place(member_editor_client, product):
    url = f"/en/catalog/{product.slug}/runs/"
    bad = member_editor_client.post(url, run_form(ends_on="2020-01-01", place=""), **HTMX)
    assert bad.status_code == 400
    assert 'id="runs"' in bad.text
    assert "<html" not in bad.text
    assert "A run cannot end before it starts." in bad.text
    assert not product.offerings.exists()

    good = member_editor_client.post(url, run_form(enrolment_url="https://enrol.example/1"), **HTMX)
    assert good.status_code == 200
    run = product.offerings.get()
    assert (run.seats, run.enrolled, run.enrolment_url) == (25, 5, "https://enrol.example/1")
    assert "20 of 25" in good.text  # seats left
    assert 'href="https://enrol.example/1"' in good.text
    assert "Enrol" in good.text
    page = member_editor_client.get(f"/en/catalog/{product.slug}/").text
    assert "Enrolling now" in page


def test_an_editor_changes_and_cancels_a_run(member_editor_client, member_editor, product):
    run = services.offering_save(
        product=product,
        actor=member_editor,
        fields={"starts_on": SOON, "ends_on": SOON + timedelta(days=5), "is_online": True},
    )
    url = f"/en/catalog/{product.slug}/runs/{run.pk}/"
    form = member_editor_client.get(url, **HTMX)
    assert form.status_code == 200
    assert "Change the run starting" in form.text
    bad = member_editor_client.post(url, run_form(seats="3", enrolled="9"), **HTMX)
    assert bad.status_code == 400
    assert "More enrolled than there are seats." in bad.text
    run.refresh_from_db()
    assert run.seats is None
    member_editor_client.post(url, run_form(seats="30"), **HTMX)
    run.refresh_from_db()
    assert run.seats == 30

    cancelled = member_editor_client.post(f"{url}cancel/", **HTMX)
    assert cancelled.status_code == 200
    assert "cancelled" in cancelled.text
    run.refresh_from_db()
    assert run.cancelled_at is not None
    again = member_editor_client.post(url, run_form(seats="40"), **HTMX)
    assert again.status_code == 400
    assert "A cancelled run cannot be changed." in again.text
    assert AuditEntry.objects.filter(verb="offering.cancelled").count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous_client", 302),
        ("outsider_client", 403),
        ("member_viewer_client", 403),
        ("member_editor_client", 302),
        ("operator_client", 302),
    ],
)
def test_who_may_add_a_run(request, persona, status, product):
    client = request.getfixturevalue(persona)
    response = client.post(f"/en/catalog/{product.slug}/runs/", run_form())
    assert response.status_code == status
    added = product.offerings.exists()
    assert added is (persona in {"member_editor_client", "operator_client"})


def test_the_form_sets_the_stage_and_the_co_owners(member_editor_client, product):
    partner = organization_make("initech")
    data: dict = {"kind": "mooc", "title_ru": "Анализ", "outcomes": "Умеет", "stage": "pilot"}
    data["partners"] = [partner.pk]
    response = member_editor_client.post(f"/en/catalog/{product.slug}/edit/", data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.stage == "pilot"
    assert StageChange.objects.filter(product=product, to_stage="pilot").exists()
    assert set(product.ownerships.values_list("organization__slug", "role")) == {
        ("acme", "lead"),
        ("initech", "partner"),
    }
    data["partners"] = []
    member_editor_client.post(f"/en/catalog/{product.slug}/edit/", data)
    assert list(product.ownerships.values_list("organization__slug", flat=True)) == ["acme"]


def test_a_partners_editor_cannot_change_the_co_owners(client, product, member_editor):
    partner = organization_make("initech")
    services.product_owner_add(product=product, organization=partner, actor=member_editor)
    other = organization_make("umbrella")
    editor = make_user("editor@initech.example")
    Membership.objects.create(user=editor, organization=partner, role="editor")
    client.force_login(editor)
    form = client.get(f"/en/catalog/{product.slug}/edit/").text
    assert 'name="partners"' in form
    assert "disabled" in form
    data = {"kind": "mooc", "title_ru": "Анализ", "outcomes": "Умеет", "partners": [other.pk]}
    assert client.post(f"/en/catalog/{product.slug}/edit/", data).status_code == 302
    owners = set(ProductOwner.objects.filter(product=product).values_list("organization__slug"))
    assert owners == {("acme",), ("initech",)}


def test_anyone_enquires_and_the_leads_editors_get_it(
    client, product, member_editor, member_viewer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/catalog/{product.slug}/enquire/",
            {"name": "Ivan", "email": "ivan@example.net", "message": "Is there a group in May?"},
            **HTMX,
        )
    assert response.status_code == 200
    assert "Your enquiry was sent" in response.text
    enquiry = Enquiry.objects.get()
    assert (enquiry.name, enquiry.email, enquiry.language) == ("Ivan", "ivan@example.net", "en")
    # The lead's editors (the factory's and the fixture's), not its viewers.
    assert [mail.to for mail in mailoutbox] == [["editor-acme@example.org", member_editor.email]]
    mail = mailoutbox[0]
    assert mail.reply_to == ["ivan@example.net"]
    assert "Is there a group in May?" in mail.body
    assert "Обращение о" in mail.subject
    assert "Enquiry about" in mail.subject
    assert AuditEntry.objects.filter(verb="enquiry.received").count() == 1


def test_a_bad_enquiry_is_shown_again_in_place(client, product, mailoutbox):
    response = client.post(
        f"/en/catalog/{product.slug}/enquire/", {"name": "", "email": "nope"}, **HTMX
    )
    assert response.status_code == 400
    assert 'id="enquire"' in response.text
    assert "Enter a valid email address." in response.text
    assert not Enquiry.objects.exists()
    assert not mailoutbox


def test_a_signed_in_visitor_finds_the_form_filled(outsider_client, outsider, product):
    page = outsider_client.get(f"/en/catalog/{product.slug}/").text
    assert f'value="{outsider.email}"' in page


def test_enquiries_are_limited_per_email_and_per_address(client, product):
    url = f"/en/catalog/{product.slug}/enquire/"
    for number in range(5):
        data = {"name": "A", "email": "same@example.net", "message": f"Question {number}"}
        assert client.post(url, data, REMOTE_ADDR=f"10.0.0.{number}").status_code == 302
    data = {"name": "A", "email": "same@example.net", "message": "Once more"}
    refused = client.post(url, data, REMOTE_ADDR="10.0.0.99", **HTMX)
    assert refused.status_code == 429
    assert "Too many requests" in refused.text
    for number in range(5):
        data = {"name": "B", "email": f"b{number}@example.net", "message": "Hello"}
        client.post(url, data, REMOTE_ADDR="10.0.1.1")
    assert Enquiry.objects.filter(name="B").count() == 5
    data = {"name": "B", "email": "new@example.net", "message": "Hello"}
    assert client.post(url, data, REMOTE_ADDR="10.0.1.1").status_code == 429
    assert Enquiry.objects.count() == 10


def test_editors_see_enquiries_and_mark_them_answered(
    member_editor_client, member_viewer_client, product
):
    from edcluster.catalog.services_enquiries import enquiry_create

    enquiry = enquiry_create(product=product, name="Ivan", email="i@example.net", message="Hi?")
    assert "i@example.net" not in member_viewer_client.get(f"/en/catalog/{product.slug}/").text
    url = f"/en/catalog/{product.slug}/enquiries/{enquiry.pk}/answered/"
    assert member_viewer_client.post(url).status_code == 403
    page = member_editor_client.get(f"/en/catalog/{product.slug}/").text
    assert "i@example.net" in page
    assert "mark answered" in page
    response = member_editor_client.post(url, **HTMX)
    assert response.status_code == 200
    assert "answered" in response.text
    enquiry.refresh_from_db()
    assert enquiry.answered_at is not None
    assert member_editor_client.post(url, **HTMX).status_code == 400


def test_a_run_with_no_link_offers_to_enquire_about_it(client, product, member_editor):
    run = services.offering_save(
        product=product,
        actor=member_editor,
        fields={"starts_on": SOON, "ends_on": SOON + timedelta(days=5), "is_online": True},
    )
    page = client.get(f"/en/catalog/{product.slug}/").text
    assert f"enquire/?offering={run.pk}" in page
    form = client.get(f"/en/catalog/{product.slug}/enquire/?offering={run.pk}", **HTMX)
    assert f'value="{run.pk}"' in form.text
    client.post(
        f"/en/catalog/{product.slug}/enquire/",
        {"name": "A", "email": "a@example.net", "message": "May I?", "offering": run.pk},
    )
    assert Enquiry.objects.get().offering == run


def test_asking_about_a_run_brings_the_form_into_view_and_names_the_run(
    client, product, member_editor
):
    run = services.offering_save(
        product=product,
        actor=member_editor,
        fields={
            "starts_on": SOON,
            "ends_on": SOON + timedelta(days=5),
            "place": "Tomsk, Lenina 36",
        },
    )
    page = client.get(f"/en/catalog/{product.slug}/").text
    assert "show:#enquire:top" in page  # the swapped form far below scrolls into view
    assert 'id="enquire-run"' not in page  # a question about the product names no run
    form = client.get(f"/en/catalog/{product.slug}/enquire/?offering={run.pk}", **HTMX).text
    end = SOON + timedelta(days=5)
    dates = f"{SOON.day} {SOON:%b %Y} – {end.day} {end:%b %Y}"  # day first, month named
    assert f"About the run of {dates} (Tomsk, Lenina 36)." in form
    assert "autofocus" in form.split('name="name"')[1].split(">")[0]  # typing starts at once
    refused = client.post(
        f"/en/catalog/{product.slug}/enquire/",
        {"name": "A", "email": "nope", "message": "May I?", "offering": run.pk},
        **HTMX,
    ).text
    assert f"About the run of {dates}" in refused  # still said when the form comes back
    other = client.get(f"/en/catalog/{product.slug}/enquire/?offering=999999", **HTMX).text
    assert "About the run" not in other


def test_the_enquiry_form_asks_a_persons_name_not_a_title(client, product):
    """«Название:» is a thing's title; who asks has a name, «Имя»."""
    russian = client.get(f"/ru/catalog/{product.slug}/").text
    assert '<label for="id_name">Имя:</label>' in russian
    english = client.get(f"/en/catalog/{product.slug}/").text
    assert '<label for="id_name">Name:</label>' in english


def test_languages_are_named_in_the_pages_language_and_case(client, product, member_editor):
    """«Языки: Русский, English» mixed the switcher's self-names; a Russian page says «русский»."""
    services.offering_save(
        product=product,
        actor=member_editor,
        fields={
            "starts_on": SOON,
            "ends_on": SOON + timedelta(days=5),
            "is_online": True,
            "language": "en",
        },
    )
    russian = client.get(f"/ru/catalog/{product.slug}/").text
    assert "<dd>русский, английский</dd>" in russian
    assert "язык: английский" in russian
    english = client.get(f"/en/catalog/{product.slug}/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "<dd>Russian, English</dd>" in english
    assert "language: English" in english


def test_a_cancelled_run_is_not_open(product, member_editor):
    run = services.offering_save(
        product=product,
        actor=member_editor,
        fields={"starts_on": SOON, "ends_on": SOON + timedelta(days=5), "is_online": True},
    )
    assert run.availability() == "open"
    services.offering_cancel(offering=run, actor=member_editor)
    run.refresh_from_db()
    assert run.availability() == "cancelled"
    enrolling = product_search(viewer=AnonymousUser(), ask=CatalogQuery(availability="open"))
    assert list(enrolling) == []


def test_the_page_marks_a_cancelled_run_for_search_engines(client, product, member_editor):
    run = services.offering_save(
        product=product,
        actor=member_editor,
        fields={
            "starts_on": SOON,
            "ends_on": SOON + timedelta(days=5),
            "is_online": True,
            "enrolment_url": "https://enrol.example/x",
        },
    )
    services.offering_cancel(offering=run, actor=member_editor)
    page = client.get(f"/en/catalog/{product.slug}/").text
    assert "https://schema.org/EventCancelled" in page
    assert 'class="button" href="https://enrol.example/x"' not in page  # no Enrol on it


def test_an_editor_creates_a_product_at_a_stage_with_a_partner(member_editor_client):
    partner = organization_make("initech")
    data = {
        "owner": "acme",
        "kind": "module",
        "title_ru": "Модуль",
        "outcomes": "Умеет",
        "stage": "development",
        "partners": [partner.pk],
    }
    response = member_editor_client.post("/en/catalog/new/", data)
    assert response.status_code == 302
    created = Product.objects.get(title_ru="Модуль")
    assert created.stage == "development"
    assert list(created.stage_changes.values_list("to_stage", flat=True)) == [
        "idea",
        "development",
    ]
    assert set(created.ownerships.values_list("organization__slug", "role")) == {
        ("acme", "lead"),
        ("initech", "partner"),
    }


def test_an_enquiry_about_a_cancelled_run_says_why_it_is_refused(client, product, member_editor):
    run = services.offering_save(
        product=product,
        actor=member_editor,
        fields={"starts_on": SOON, "ends_on": SOON + timedelta(days=5), "is_online": True},
    )
    services.offering_cancel(offering=run, actor=member_editor)
    data = {"name": "A", "email": "a@example.net", "message": "May I?", "offering": run.pk}
    response = client.post(f"/en/catalog/{product.slug}/enquire/", data, **HTMX)
    assert response.status_code == 400
    assert "This run takes no enquiries now" in response.text
    assert not Enquiry.objects.exists()
