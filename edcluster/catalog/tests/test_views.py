import pytest

from edcluster.catalog import services


@pytest.fixture
def catalog(organization, member_editor, operator):
    made = {}
    for title_ru, title_en, summary in [
        ("Программирование на Python", "Python programming", "Основы."),
        ("Анализ данных", "Data analysis", "Программирование не требуется."),
        ("Черновик", "Draft", "Не опубликован."),
    ]:
        product = services.product_create(
            owner=organization,
            actor=member_editor,
            fields={
                "kind": "mooc",
                "title_ru": title_ru,
                "title_en": title_en,
                "summary_ru": summary,
            },
            outcomes=[("Умеет", "ru")],
        )
        if title_en != "Draft":
            services.product_submit(product=product, actor=member_editor)
            services.product_publish(product=product, actor=operator)
        made[title_en] = product
    return made


def titles(response) -> list[str]:
    return [line.strip() for line in response.text.split('class="card"')[1:]]


def test_the_public_catalog_lists_published_products_only(db, client, catalog):
    page = client.get("/ru/catalog/").text
    assert "Программирование на Python" in page
    assert "Черновик" not in page


def test_search_ranks_title_matches_first_in_cyrillic(db, client, catalog):
    response = client.get("/ru/catalog/", {"q": "программирование"}, HTTP_HX_REQUEST="true")
    cards = titles(response)
    assert len(cards) == 2  # the other one mentions it in its summary
    assert "Программирование на Python" in cards[0]
    assert "Анализ данных" in cards[1]


def test_the_product_page_shows_owners_outcomes_and_lifecycle(db, client, catalog):
    page = client.get(f"/en/catalog/{catalog['Python programming'].slug}/").text
    assert "Python programming" in page
    assert "Умеет" in page
    assert "Organization acme" in page
    assert "No runs are scheduled." in page


def test_a_draft_page_is_404_for_the_public(db, client, catalog):
    assert client.get(f"/en/catalog/{catalog['Draft'].slug}/").status_code == 404


NEW = {
    "owner": "acme",
    "kind": "upskilling",
    "title_ru": "Сварка",
    "title_en": "Welding",
    "summary_ru": "Для инженеров.",
    "languages": "ru, en",
    "outcomes": "Читает чертежи\nWelds steel pipes\n\n",
}


def test_an_editor_creates_a_product_from_the_page(db, organization, member_editor_client):
    response = member_editor_client.post("/en/catalog/new/", NEW)
    assert response.status_code == 302
    product = organization.products.get()
    assert (product.title_en, product.status, product.languages) == (
        "Welding",
        "draft",
        ["ru", "en"],
    )
    assert list(product.outcomes.values_list("text", "language")) == [
        ("Читает чертежи", "ru"),
        ("Welds steel pipes", "en"),
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title_ru": "", "title_en": ""}, "title_ru"),
        ({"languages": "russian"}, "languages"),
        ({"is_free": "on", "price": "100", "currency": "RUB"}, "price"),
    ],
)
def test_bad_input_shows_the_form_again_and_saves_nothing(
    db, organization, member_editor_client, change, field
):
    response = member_editor_client.post("/en/catalog/new/", NEW | change)
    assert response.status_code == 400
    assert f'id="id_{field}_error"'.encode() in response.content
    assert "Для инженеров." in response.text  # what was typed is kept
    assert not organization.products.exists()


def test_the_review_workflow_through_the_pages(
    db, organization, member_editor_client, operator_client
):
    member_editor_client.post("/en/catalog/new/", NEW)
    product = organization.products.get()
    url = f"/en/catalog/{product.slug}/review/"
    member_editor_client.post(url, {"action": "submit"})
    queue = operator_client.get("/en/catalog/review/")
    assert b"Welding" in queue.content
    page = operator_client.post(url, {"action": "return"}, follow=True)
    assert b"Say what should change." in page.content
    operator_client.post(url, {"action": "publish"})
    product.refresh_from_db()
    assert product.status == "published"


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("anonymous_client", False),
        ("member_viewer_client", False),
        ("outsider_client", True),  # Globex's admin describes Globex's products
        ("member_editor_client", True),
        ("operator_client", True),  # for any admitted member
    ],
)
def test_the_catalog_offers_new_product_and_import_only_to_who_may_open_them(
    request, organization, persona, offered
):
    client = request.getfixturevalue(persona)
    page = client.get("/en/catalog/").content.decode()
    assert ('href="/en/catalog/new/"' in page) is offered
    assert ('href="/en/catalog/import/"' in page) is offered
    for link in ("/en/catalog/new/", "/en/catalog/import/"):
        assert client.get(link).status_code in ((200,) if offered else (302, 403))
