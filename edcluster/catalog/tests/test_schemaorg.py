import json
import re
from datetime import date
from decimal import Decimal

import pytest

from edcluster.catalog import services
from edcluster.catalog.formats.schemaorg import product_to_schemaorg


@pytest.fixture
def course(organization, member_editor, operator):
    product = services.product_create(
        owner=organization,
        actor=member_editor,
        fields={
            "kind": "mooc",
            "title_ru": "Сварка </script>",
            "title_en": "Welding",
            "summary_en": "For engineers",
            "languages": ["ru"],
            "duration_hours": 72,
            "price": Decimal("1500.00"),
            "currency": "RUB",
            "eqf_level": 5,
        },
        outcomes=[("Welds steel pipes", "en")],
    )
    services.offering_save(
        product=product,
        actor=member_editor,
        fields={
            "starts_on": date(2027, 2, 1),
            "ends_on": date(2027, 3, 1),
            "is_online": True,
            "language": "ru",
        },
    )
    services.product_submit(product=product, actor=member_editor)
    return services.product_publish(product=product, actor=operator)


def test_a_course_maps_to_course_with_instances_and_an_offer(course):
    data = product_to_schemaorg(course, url="https://example.org/en/catalog/welding/")
    assert data["@type"] == "Course"
    assert data["name"] == [
        {"@value": "Сварка </script>", "@language": "ru"},
        {"@value": "Welding", "@language": "en"},
    ]
    assert data["provider"] == [{"@type": "Organization", "name": "Organization acme"}]
    assert data["hasCourseInstance"] == [
        {
            "@type": "CourseInstance",
            "startDate": "2027-02-01",
            "endDate": "2027-03-01",
            "courseMode": "online",
            "inLanguage": "ru",
        }
    ]
    assert data["offers"] == {
        "@type": "Offer",
        "price": 1500.0,
        "priceCurrency": "RUB",
        "category": "Paid",
    }
    assert (data["timeToComplete"], data["educationalLevel"]) == ("PT72H", "EQF 5")
    assert data["teaches"] == ["Welds steel pipes"]


def test_the_page_embeds_it_as_a_data_block_that_cannot_break_out(db, client, course):
    page = client.get(f"/en/catalog/{course.slug}/").text
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    assert json.loads(blocks[0])["identifier"] == course.slug
    assert "\\u003C/script\\u003E" in blocks[0]  # the title's </script> is escaped
