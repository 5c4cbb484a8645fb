"""Offers on employers' requests: asked for, made, declined, accepted or not taken."""

import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from edcluster.core.models import AuditEntry
from edcluster.demand.services import request_move
from edcluster.matching.models import Offer
from edcluster.matching.selectors.offers import covered_requests
from edcluster.matching.services.offers import offer_ask, offer_decide, offer_decline, offer_make
from edcluster.matching.tests import factories


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_employer_asks_the_owner_who_offers_and_the_employer_accepts(
    market, demand, hr, member_editor, organization, django_capture_on_commit_callbacks
):
    p1 = market["products"]["P1"]
    with django_capture_on_commit_callbacks(execute=True):
        offer = offer_ask(request=demand, product=p1, actor=hr, message="Two groups in spring?")
    # P1 teaches python and sql (essential, 1 each) of 2.5: coverage 0.8
    assert (offer.status, offer.organization, offer.score) == ("asked", organization, 0.8)
    assert [m.to for m in mail.outbox] == [[member_editor.email]]
    assert "SibGas" in mail.outbox[0].subject
    assert "Two groups in spring?" in mail.outbox[0].body

    run = p1.offerings.order_by("-starts_on").first()
    with django_capture_on_commit_callbacks(execute=True):
        offer = offer_make(
            request=demand,
            product=p1,
            actor=member_editor,
            answer="Spring, 20 people each",
            offering=run,
        )
    assert (offer.status, offer.question, offer.offering) == (
        "offered",
        "Two groups in spring?",
        run,
    )
    assert mail.outbox[-1].to == [hr.email]

    with django_capture_on_commit_callbacks(execute=True):
        offer = offer_decide(offer=offer, actor=hr, accept=True, note="Agreed")
    assert offer.status == "accepted"
    assert offer.decided_by == hr
    assert mail.outbox[-1].to == [member_editor.email]
    verbs = AuditEntry.objects.filter(verb__startswith="offer.").values_list("verb", flat=True)
    assert sorted(verbs) == ["offer.accepted", "offer.asked", "offer.offered"]


def test_an_ask_is_not_repeated_while_open_but_can_be_after_a_decline(
    market, demand, hr, member_editor
):
    p1 = market["products"]["P1"]
    offer = offer_ask(request=demand, product=p1, actor=hr)
    with pytest.raises(ValidationError) as error:
        offer_ask(request=demand, product=p1, actor=hr)
    assert "product" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        offer_decline(offer=offer, actor=member_editor, reason="  ")
    assert "reason" in error.value.message_dict
    offer = offer_decline(offer=offer, actor=member_editor, reason="No teachers this year")
    assert (offer.status, offer.answer) == ("declined", "No teachers this year")
    with pytest.raises(ValidationError):  # only an offer made is decided on
        offer_decide(offer=offer, actor=hr, accept=True)

    again = offer_ask(request=demand, product=p1, actor=hr, message="Next year?")
    assert (again.pk, again.status, again.answer, again.answered_by) == (
        offer.pk,
        "asked",
        "",
        None,
    )


def test_a_member_responds_unasked_with_its_product(market, demand, hr, member_editor):
    p2 = market["products"]["P2"]
    offer = offer_make(request=demand, product=p2, actor=member_editor, answer="Our course")
    # P2 teaches statistics (nice, 0.5) and java, python's sibling (half of 1): 1.0 of 2.5
    assert (offer.status, offer.asked_by, offer.score) == ("offered", None, 0.4)
    offer = offer_decide(offer=offer, actor=hr, accept=False, note="Too far from our needs")
    assert offer.status == "not_taken"
    again = offer_make(request=demand, product=p2, actor=member_editor, answer="Adapted course")
    assert (again.status, again.decision_note) == ("offered", "")


def test_who_may_do_what(market, demand, hr, member_editor, member_viewer, outsider):
    p1, p4 = market["products"]["P1"], market["products"]["P4"]
    with pytest.raises(PermissionDenied):  # only the employer asks
        offer_ask(request=demand, product=p1, actor=member_editor)
    with pytest.raises(PermissionDenied):  # only the product's editors offer it
        offer_make(request=demand, product=p1, actor=hr, answer="Mine")
    with pytest.raises(PermissionDenied):  # viewers do not
        offer_make(request=demand, product=p1, actor=member_viewer, answer="Mine")
    offer = offer_ask(request=demand, product=p1, actor=hr)
    with pytest.raises(PermissionDenied):  # another member does not answer for the owner
        offer_decline(offer=offer, actor=outsider, reason="No")
    offer = offer_make(request=demand, product=p1, actor=member_editor, answer="Yes")
    with pytest.raises(PermissionDenied):  # the owner does not accept its own offer
        offer_decide(offer=offer, actor=member_editor, accept=True)
    with pytest.raises(ValidationError) as error:  # drafts are not offered
        offer_ask(request=demand, product=p4, actor=hr)
    assert "product" in error.value.message_dict


def test_nothing_is_offered_on_a_closed_request_or_with_another_products_run(
    market, demand, hr, member_editor
):
    p1, p2 = market["products"]["P1"], market["products"]["P2"]
    with pytest.raises(ValidationError) as error:
        offer_make(
            request=demand,
            product=p2,
            actor=member_editor,
            answer="x",
            offering=p1.offerings.first(),
        )
    assert "offering" in error.value.message_dict
    request_move(request=demand, actor=hr, to="closed", outcome="withdrawn")
    demand.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        offer_ask(request=demand, product=p1, actor=hr)
    assert "request" in error.value.message_dict
    assert not Offer.objects.exists()


def test_members_see_the_requests_their_products_cover(market, demand, member_editor, hr):
    found = {item["request"].pk: item for item in covered_requests(user=member_editor)}
    # the market's own request and the employer's; P1 is the best of acme's products for both
    assert found[demand.pk]["product"] == market["products"]["P1"]
    assert found[demand.pk]["score"] == 0.8
    assert covered_requests(user=hr) == []  # SibGas owns no product
    request_move(request=demand, actor=hr, to="closed", outcome="met")
    assert demand.pk not in {item["request"].pk for item in covered_requests(user=member_editor)}


def test_the_pages_take_the_employer_and_the_owner_through_an_offer(
    market, demand, hr, member_editor
):
    p1 = market["products"]["P1"]
    employer, owner = client_of(hr), client_of(member_editor)
    page = employer.get(f"/en/demand/requests/{demand.pk}/").content.decode()
    assert "Ask the owner for an offer" in page
    assert "Respond with one of your products" not in page

    answer = employer.post(
        f"/en/matching/requests/{demand.pk}/ask/", {"product": p1.slug, "message": "Spring?"}
    )
    assert answer.status_code == 302
    offer = Offer.objects.get()
    assert offer.status == "asked"

    page = owner.get(f"/en/demand/requests/{demand.pk}/").content.decode()
    assert f'value="answer-{offer.pk}"' in page
    assert "Respond with one of your products" in page
    bad = owner.post(
        f"/en/matching/requests/{demand.pk}/offer/",
        {
            "prefix": f"answer-{offer.pk}",
            f"answer-{offer.pk}-product": p1.slug,
            f"answer-{offer.pk}-answer": "",
        },
    )
    assert bad.status_code == 400
    assert "This field is required." in bad.content.decode()
    good = owner.post(
        f"/en/matching/requests/{demand.pk}/offer/",
        {
            "prefix": f"answer-{offer.pk}",
            f"answer-{offer.pk}-product": p1.slug,
            f"answer-{offer.pk}-answer": "Two groups",
        },
    )
    assert good.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.answer) == ("offered", "Two groups")

    decided = employer.post(
        f"/en/matching/offers/{offer.pk}/decide/", {f"decide-{offer.pk}-decision": "accepted"}
    )
    assert decided.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted"
    listed = owner.get("/en/matching/offers/?status=accepted").content.decode()
    assert "Data analysts" in listed
    assert "Requests your products cover" in listed
    assert (
        owner.post(
            f"/en/matching/offers/{offer.pk}/decide/", {f"decide-{offer.pk}-decision": "accepted"}
        ).status_code
        == 403
    )


def test_the_api_for_offers(market, demand, hr, member_editor, outsider):
    p1 = market["products"]["P1"]
    employer, owner = client_of(hr), client_of(member_editor)
    base = f"/api/matching/requests/{demand.pk}"
    created = employer.post(
        f"{base}/asks", {"product": p1.slug, "message": "?"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["employer"], body["organization"], body["score"]) == (
        "asked",
        "sibgas",
        "acme",
        0.8,
    )
    again = employer.post(f"{base}/asks", {"product": p1.slug}, content_type="application/json")
    assert again.status_code == 400
    assert "product" in json.dumps(again.json())
    unknown = employer.post(f"{base}/asks", {"product": "nope"}, content_type="application/json")
    assert unknown.status_code == 400
    assert "product" in json.dumps(unknown.json())
    assert (
        client_of(outsider)
        .post(f"{base}/asks", {"product": p1.slug}, content_type="application/json")
        .status_code
        == 403
    )

    made = owner.post(
        f"{base}/offers", {"product": p1.slug, "answer": "Yes"}, content_type="application/json"
    )
    assert made.status_code == 201
    assert made.json()["status"] == "offered"
    offer_id = made.json()["id"]
    listed = employer.get("/api/matching/offers?status=offered").json()
    assert [item["id"] for item in listed["items"]] == [offer_id]
    assert client_of(outsider).get(f"/api/matching/offers/{offer_id}").status_code == 404
    decided = employer.post(
        f"/api/matching/offers/{offer_id}/decide",
        {"accept": False, "note": "Later"},
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "not_taken"
    covered = owner.get("/api/matching/covered-requests").json()
    assert {"request": demand.pk, "product": p1.slug, "score": 0.8}.items() <= next(
        item for item in covered if item["request"] == demand.pk
    ).items()


def test_a_joint_products_lead_is_asked_and_a_partner_answers_for_itself(
    market, demand, hr, member_editor, organization, other_organization, outsider, operator
):
    from edcluster.catalog import services as catalog

    p1 = market["products"]["P1"]
    catalog.product_owner_add(product=p1, organization=other_organization, actor=operator)
    offer = offer_ask(request=demand, product=p1, actor=hr)
    assert offer.organization == organization  # the lead (Acme), not the partner (Globex)
    offer = offer_make(request=demand, product=p1, actor=outsider, answer="From Globex")
    assert offer.organization == other_organization  # the partner's editor offers for Globex


@pytest.mark.parametrize(
    ("who", "step", "field", "error"),
    [
        ("owner", "decline", "reason", "This field is required."),
        ("employer", "decide", "decision", "This field is required."),
    ],
)
def test_a_step_with_a_bad_form_shows_the_request_page_again_with_the_error(
    market, demand, hr, member_editor, who, step, field, error
):
    """The owner's decline and the employer's decision share one way back: the request's page
    (rendered by demand, the offers section by matching) with the bound form, nothing changed."""
    status = "asked" if step == "decline" else "offered"
    offer = factories.offer(request=demand, product=market["products"]["P1"], status=status)
    client = client_of(member_editor if who == "owner" else hr)
    response = client.post(
        f"/en/matching/offers/{offer.pk}/{step}/", {f"{step}-{offer.pk}-{field}": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'name="{step}-{offer.pk}-{field}"' in page
    assert error in page
    assert "Data analysts" in page  # demand's own part of the page
    offer.refresh_from_db()
    assert offer.status == status
