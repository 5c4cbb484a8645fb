"""The organization page lists the organization's products: a section the catalog registers
(organizations sits below catalog and does not import it)."""

from edcluster.catalog import services
from edcluster.catalog.tests.factories import published


def _draft(owner, editor, title):
    return services.product_create(
        owner=owner,
        actor=editor,
        fields={"kind": "short_course", "title_ru": title, "summary_ru": "Курс."},
        outcomes=[("Умеет работать с данными", "ru")],
    )


def test_everyone_sees_the_published_products_and_its_staff_the_drafts_too(
    organization, member_editor, client, member_editor_client, outsider_client, other_organization
):
    shown = published(owner=organization, title_ru="Анализ данных", title_en="Data analysis")
    draft = _draft(organization, member_editor, "Черновик курса")
    published(owner=other_organization, title_ru="Чужой курс")
    url = f"/en/organizations/{organization.slug}/"
    for visitor in (client, outsider_client):
        page = visitor.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f'<a href="/en/catalog/{shown.slug}/">Data analysis</a>' in page
        assert draft.slug not in page
        assert "Чужой курс" not in page
    own = member_editor_client.get(url).content.decode()
    assert f'href="/en/catalog/{shown.slug}/"' in own
    assert f'<a href="/en/catalog/{draft.slug}/">Черновик курса</a>' in own
    assert "Not published" in own
    russian = client.get(f"/ru/organizations/{organization.slug}/").content.decode()
    assert "Образовательные продукты" in russian
    assert "Анализ данных" in russian


def test_an_organization_without_products_shows_no_section(other_organization, client):
    page = client.get(f"/en/organizations/{other_organization.slug}/").content.decode()
    assert 'id="products"' not in page
