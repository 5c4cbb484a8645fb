import pytest
from django.contrib.auth.models import AnonymousUser

from edcluster.catalog import search, services
from edcluster.catalog.models import SearchPosting, SearchWord
from edcluster.catalog.selectors import CatalogQuery, product_search, product_suggest
from edcluster.catalog.tests.factories import published

ANONYMOUS = AnonymousUser()


def titles(query: str, viewer=ANONYMOUS, **facets) -> list[str]:
    results = product_search(viewer=viewer, ask=CatalogQuery(query=query, **facets))
    return [product.title_ru or product.title_en for product in results[0:50]]


@pytest.fixture
def catalog(organization, other_organization):
    return {
        "python": published(
            owner=organization,
            title_ru="Основы программирования на Python",
            title_en="Python programming basics",
        ),
        "teaching": published(
            owner=other_organization,
            title_ru="Методика обучения",
            summary_ru="Учим программированию школьников.",
            summary_en="Teaching programs for schools.",
        ),
        "chem": published(
            owner=organization, title_ru="Органическая химия", summary_ru="Синтез и анализ."
        ),
    }


def test_russian_and_english_word_forms_match(catalog):
    assert set(titles("программирование")) == {
        "Основы программирования на Python",
        "Методика обучения",
    }
    assert set(titles("programs")) == {"Основы программирования на Python", "Методика обучения"}
    assert titles("химии") == ["Органическая химия"]


def test_title_matches_rank_first(catalog):
    # "Методика обучения" is newer but only mentions programming in its summary.
    assert titles("программированию") == ["Основы программирования на Python", "Методика обучения"]


def test_every_word_must_match_and_the_last_may_be_unfinished(catalog):
    assert titles("программирование python") == ["Основы программирования на Python"]
    assert titles("орга") == ["Органическая химия"]
    assert titles("орга ") == []  # a finished word is matched whole
    assert titles("квантовая") == []


def test_case_and_yo_do_not_matter(organization):
    published(owner=organization, title_ru="Учёт и аудит")
    assert titles("УЧЕТ") == ["Учёт и аудит"]


def test_unpublished_products_are_found_only_by_those_who_see_them(
    catalog, organization, member_editor, outsider, operator
):
    draft = services.product_create(
        owner=organization,
        actor=member_editor,
        fields={"kind": "module", "title_ru": "Секретная робототехника"},
    )
    assert titles("робототехника") == []
    assert titles("робототехника", viewer=outsider) == []
    assert titles("робототехника", viewer=member_editor) == ["Секретная робототехника"]
    assert titles("робототехника", viewer=operator) == ["Секретная робототехника"]
    # Nor does a draft lend its words to the public suggestions.
    assert product_suggest(viewer=ANONYMOUS, query="робот")["completions"] == []
    assert draft.search_words == ""


def test_edits_and_archiving_reindex(catalog, operator, member_editor):
    product = catalog["chem"]
    services.product_update(
        product=product, actor=member_editor, fields={"title_ru": "Неорганическая химия"}
    )
    assert titles("неорганическая") == []  # a published product's edit waits for review
    services.revision_approve(product=product, actor=operator)
    assert titles("неорганическая") == ["Неорганическая химия"]
    assert titles("органическая") == []
    services.product_archive(product=product, actor=operator)
    assert titles("химия") == []
    assert not SearchWord.objects.filter(word="неорганическая", doc_count__gt=0).exists()
    assert SearchPosting.objects.filter(product=product, public=True).count() == 0


def test_facets_combine_with_words(catalog, organization):
    assert titles("программирование", owner=organization.slug) == [
        "Основы программирования на Python"
    ]
    assert titles("", kind="short_course", owner="globex") == ["Методика обучения"]


def test_suggestions_complete_the_last_word_and_forgive_a_typo(catalog):
    found = product_suggest(viewer=ANONYMOUS, query="основы прог")
    assert "основы программирования" in found["completions"]
    assert [p["title_ru"] for p in found["products"]] == ["Основы программирования на Python"]
    typo = product_suggest(viewer=ANONYMOUS, query="програмирования")
    assert typo["correction"] == "программирования"
    assert typo["products"][0]["title_ru"] == "Основы программирования на Python"
    assert product_suggest(viewer=ANONYMOUS, query="zzzz")["products"] == []


def test_broad_searches_walk_products_in_order_and_count_to_a_cap(organization, monkeypatch):
    for number in range(7):
        published(
            owner=organization,
            title_ru=f"Курс проектирования {number}",
            summary_ru="Проектный подход.",
        )
    published(owner=organization, title_ru="Прочее", summary_ru="Проектирование систем.")
    monkeypatch.setattr(search, "CANDIDATES", 2)  # every token counts as broad
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    results = product_search(viewer=ANONYMOUS, ask=CatalogQuery(query="проектирован"))
    assert results.count() == 5
    assert results.count_is_exact is False
    page = [product.title_ru for product in results[6:8]]
    assert page == ["Курс проектирования 0", "Прочее"]  # title hits end, then the rest
    assert [product.title_ru for product in results[0:2]] == [
        "Курс проектирования 6",
        "Курс проектирования 5",
    ]


@pytest.mark.parametrize("cap", [1, 3, 100])  # short distinct scans of 8 and 16 rows, 20,000
@pytest.mark.parametrize("title_fetch", [2, 20_000])  # title hits walked, or read at once
def test_broad_prefix_counts_and_tiers_hold_for_every_scan(
    organization, monkeypatch, cap, title_fetch
):
    for number in range(7):
        published(
            owner=organization,
            title_ru=f"Курс проектирования {number}",
            summary_ru="Проектный подход, проектирование.",
        )
    published(owner=organization, title_ru="Прочее", summary_ru="Проектирование систем.")
    monkeypatch.setattr(search, "CANDIDATES", 2)  # every token counts as broad
    monkeypatch.setattr(search, "COUNT_CAP", cap)
    monkeypatch.setattr(search, "TITLE_FETCH", title_fetch)
    results = product_search(viewer=ANONYMOUS, ask=CatalogQuery(query="проектирован"))
    assert (results.count(), results.count_is_exact) == (min(8, cap), 8 <= cap)
    expected = [f"Курс проектирования {n}" for n in range(6, -1, -1)] + ["Прочее"]
    assert [product.title_ru for product in results[0:10]] == expected
    assert [product.title_ru for product in results[6:8]] == expected[6:8]


@pytest.mark.parametrize("query", ["проектирование ", "проект"])  # a whole word, a prefix
@pytest.mark.parametrize("candidates", [2, 3, 100])
def test_every_plan_ranks_the_same(organization, monkeypatch, query, candidates, member_editor):
    for number in range(4):
        published(
            owner=organization,
            title_ru=f"Курс проектирования {number}",
            summary_ru="Проектный подход.",
        )
    for number in range(3):
        published(
            owner=organization, title_ru=f"Прочее {number}", summary_ru="Проектирование систем."
        )
    monkeypatch.setattr(search, "CANDIDATES", candidates)
    expected = [f"Курс проектирования {n}" for n in (3, 2, 1, 0)] + [
        f"Прочее {n}" for n in (2, 1, 0)
    ]
    for viewer in (ANONYMOUS, member_editor):  # the index-only plan, and the general one
        results = product_search(viewer=viewer, ask=CatalogQuery(query=query))
        assert [p.title_ru for p in results[0:10]] == expected
        assert [p.title_ru for p in results[3:5]] == expected[3:5]
        assert [p.title_ru for p in results[5:9]] == expected[5:]
        assert results.count() == 7


@pytest.mark.parametrize(
    ("word", "other", "expected"),
    [("кот", "кот", 0), ("кот", "кто", 1), ("кот", "кит", 1), ("кот", "кокос", 2)],
)
def test_typo_distance(word, other, expected):
    assert search.distance(word, other) == expected


def test_stemming_follows_the_script():
    assert search.stem("программированию") == search.stem("программирование")
    assert search.stem("programs") == search.stem("programming")
    assert search.words_of("C++ и Ёлка, the data 3") == ["елка", "data", "3"]
