"""Each role's home: operators' queues with counts and links, a member's products, offers and
covered requests, an employer's requests and the offers on them."""

import pytest
from django.test import Client
from django.utils import translation

from edcluster.accounts.models import Membership
from edcluster.accounts.tests.factories import member_make
from edcluster.catalog.models import Product
from edcluster.core.models import RunStatus
from edcluster.demand.tests.factories import request_make
from edcluster.matching.models import Offer
from edcluster.matching.tests import factories as matching
from edcluster.organizations.models import Organization
from edcluster.organizations.tests.factories import organization_make
from edcluster.workspaces.selectors import workspace


def page(user) -> str:
    client = Client()
    client.force_login(user)
    answer = client.get("/en/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    return answer.content.decode()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def employer(db):
    return organization_make("gazprom", kind=Organization.Kind.EMPLOYER)


def queue(queues, label: str):
    return next(q for q in queues if str(q.label) == label)


def test_operator_sees_each_queue_counted_with_its_link(operator, organization, employer):
    organization_make("applying", status=Organization.Status.APPLIED, name_en="Applying Inc")
    product = matching.product(owner=organization, actor=operator, title="Welding", published=False)
    Product.objects.filter(pk=product.pk).update(status=Product.Status.IN_REVIEW)
    request = request_make(employer, title="Welders")
    matching.proposal(title_en="Data course")
    matching.offer(request=request, product=product)
    from edcluster.catalog.models import ImportRun

    ImportRun.objects.create(
        actor=operator, format="csv", file_name="broken.csv", status=RunStatus.FAILED
    )
    ImportRun.objects.create(
        actor=operator, format="csv", file_name="done.csv", status=RunStatus.DONE
    )

    queues = workspace(user=operator)["operator"]
    counts = {str(q.label): q.count for q in queues}
    assert counts == {
        "Membership applications to decide": 1,
        "Products in review": 1,
        "Open employers' requests": 1,
        "Proposals waiting for a decision": 1,
        "Offers asked for, not answered": 1,
        "Offers made, not yet taken": 0,
        "Imports failed or in progress": 1,
    }
    html = page(operator)
    assert "Applying Inc" in html
    assert "broken.csv" in html
    assert "done.csv" not in html
    assert queue(queues, "Products in review").url == "/en/catalog/review/"
    assert queue(queues, "Open employers' requests").url == "/en/demand/requests/?status=open"


def test_member_sees_their_products_offers_and_covered_requests(
    member_editor, organization, employer, operator
):
    draft = matching.product(
        owner=organization, actor=operator, title="Draft idea", published=False
    )
    live = matching.product(owner=organization, actor=operator, title="Live course")
    other = organization_make("rival")
    matching.product(owner=other, actor=operator, title="Rival course")
    python = matching.skill("python")
    matching.product_skill(product=live, skill=python)
    request = request_make(employer, title="Python developers wanted", skills=[python])
    matching.offer(request=request, product=live, status=Offer.Status.ASKED)

    work = workspace(user=member_editor)
    assert work["operator"] is None
    assert work["employer"] is None
    products = work["member"]["products"]
    assert products["total"] == 2
    assert {s.label: s.count for s in products["statuses"]} == {"draft": 1, "published": 1}
    assert [i.text for i in products["unfinished"]] == [draft.title]
    assert work["member"]["asked_list"][0].count == 1
    assert [row["request"].pk for row in work["member"]["covered"]] == [request.pk]
    html = page(member_editor)
    assert "Draft idea" in html
    assert "Python developers wanted" in html
    assert "Rival course" not in html


def test_employer_sees_their_requests_and_offers_on_them(employer, organization, operator):
    boss = member_make(employer, "hr@gazprom.example", Membership.Role.EDITOR)
    course = matching.product(owner=organization, actor=operator, title="Pipelines")
    mine = request_make(employer, title="Pipeline engineers")
    request_make(organization_make("other-co", kind=Organization.Kind.EMPLOYER), title="Not ours")
    matching.offer(request=mine, product=course, status=Offer.Status.OFFERED)

    work = workspace(user=boss)
    assert work["member"] is None
    assert work["operator"] is None
    requests, offers = work["employer"]["queues"]
    assert requests.count == 1
    assert [i.text for i in requests.items] == ["Pipeline engineers"]
    assert offers.count == 1
    html = page(boss)
    assert "Pipelines — Pipeline engineers" in html
    assert "Not ours" not in html


def test_an_applicant_is_told_what_waits(db):
    applied = organization_make("newco", status=Organization.Status.APPLIED, name_en="NewCo")
    boss = member_make(applied, "boss@newco.example", Membership.Role.ADMIN)
    html = page(boss)
    assert "The application of NewCo waits for the Management Company" in html


def test_anonymous_home_is_the_landing_page(client, db):
    html = client.get("/en/").content.decode()
    assert "Your workspace" not in html
    assert "Apply to join" in html


@pytest.mark.parametrize(
    ("count", "russian", "english"),
    [
        (1, "опубликован", "published"),
        (3, "опубликованы", "published"),
        (14, "опубликовано", "published"),
        (21, "опубликован", "published"),
    ],
)
def test_status_counts_agree_with_their_number(count, russian, english):
    """«14 опубликован» read wrong: a status said after a count takes that count's form."""
    from edcluster.workspaces.selectors import status_counted

    with translation.override("ru"):
        assert status_counted("published", count) == russian
        assert status_counted("draft", 2) == "черновика"
        assert status_counted("draft", 5) == "черновиков"
        assert status_counted("in_review", 5) == "на проверке"
    with translation.override("en"):
        assert status_counted("published", count) == english
        assert status_counted("draft", count) == ("draft" if count == 1 else "drafts")
