"""The stay: a dormitory bed offered by the host's office to a confirmed case (within its
planned stay, never beyond the dormitory's beds on any night), answered by the applicant;
a buddy sharing one of the applicant's languages, suggested fewest-cases first. Another
applicant gets 404, a reviewer or a host viewer cannot act."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from edcluster.accounts.models import User
from edcluster.core.models import AuditEntry
from edcluster.mobility import services
from edcluster.mobility.models import Accommodation, Buddy, BuddyMatch, Dormitory
from edcluster.mobility.selectors import buddy_suggestions, languages_of
from edcluster.mobility.tests.factories import (
    applicant_make,
    application_make,
    intake_make,
    operator_user,
)
from edcluster.testing import PASSWORD

pytestmark = pytest.mark.django_db
API = "/api/mobility/applications"


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def intake(organization):
    return intake_make(organization)


@pytest.fixture
def dormitory(organization):
    return Dormitory.objects.create(
        host=organization, name="Hall 2", address="1 Lenin Street", capacity=2
    )


def confirmed(intake, email: str, *, languages: str = "English, Russian", **fields):
    applicant = applicant_make(email, languages=languages)
    return application_make(applicant, intake, stage="confirmed", **fields)


def offer(application, dormitory, actor, start: int, end: int, room: str = "101"):
    arrival = application.planned_arrival
    return services.accommodation_offer(
        application=application,
        actor=actor,
        dormitory_id=dormitory.pk,
        room=room,
        from_date=arrival + timedelta(days=start),
        until_date=arrival + timedelta(days=end),
    )


def refused_fields(call) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        call()
    return list(refused.value.message_dict)


def test_a_bed_is_offered_only_from_confirmed_on(intake, dormitory, member_editor):
    applicant = applicant_make("early@example.org")
    submitted = application_make(applicant, intake, stage="submitted")
    assert refused_fields(lambda: offer(submitted, dormitory, member_editor, 0, 30)) == ["stage"]
    response = client_of(member_editor).post(
        f"{API}/{submitted.pk}/accommodation",
        {
            "dormitory": dormitory.pk,
            "room": "1",
            "from_date": "2030-01-01",
            "until_date": "2030-02-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["stage"]
    assert not Accommodation.objects.exists()


def test_the_dates_stay_within_the_planned_stay(intake, dormitory, member_editor):
    case = confirmed(intake, "dates@example.org")
    stay = (case.planned_departure - case.planned_arrival).days
    assert refused_fields(lambda: offer(case, dormitory, member_editor, -1, 30)) == ["from_date"]
    assert refused_fields(lambda: offer(case, dormitory, member_editor, 0, stay + 1)) == [
        "until_date"
    ]
    assert refused_fields(lambda: offer(case, dormitory, member_editor, 10, 10)) == ["until_date"]
    assert offer(case, dormitory, member_editor, 0, stay).status == "offered"


def test_capacity_counts_the_beds_held_each_night(intake, dormitory, member_editor):
    """Two beds. A holds nights 0-19, B nights 30-49: C on nights 10-39 overlaps both but
    never makes more than two a night (allowed). Then D on night 15 would make three (A, C
    and D): refused naming the dormitory. A declines: D fits. E from night 20 (A's bed free
    from its until day) to 30 shares nights only with C: allowed."""
    a, b, c, d, e = (confirmed(intake, f"{name}@example.org") for name in "abcde")
    offer(a, dormitory, member_editor, 0, 20)
    offer(b, dormitory, member_editor, 30, 50)
    offer(c, dormitory, member_editor, 10, 40)
    assert refused_fields(lambda: offer(d, dormitory, member_editor, 15, 16)) == ["dormitory"]
    assert (
        services.beds_taken(
            dormitory=dormitory,
            from_date=a.planned_arrival + timedelta(days=15),
            until_date=a.planned_arrival + timedelta(days=16),
            skip=0,
        )
        == 2
    )
    services.accommodation_answer(application=a, actor=a.applicant, accept=False)
    offer(d, dormitory, member_editor, 15, 16)
    offer(e, dormitory, member_editor, 20, 30)
    # Offering the same case again does not count its own earlier bed.
    offer(c, dormitory, member_editor, 12, 40, room="102")
    assert Accommodation.objects.get(application=c).room == "102"


def test_the_applicant_accepts_on_the_page_and_answers_once(intake, dormitory, member_editor):
    case = confirmed(intake, "accept@example.org")
    applicant = client_of(case.applicant)
    url = f"/en/mobility/applications/{case.pk}/"
    assert "No bed is offered yet." in applicant.get(url).content.decode()
    offer(case, dormitory, member_editor, 0, 30)
    page = applicant.get(url).content.decode()
    assert "Hall 2" in page
    assert "Accept the bed" in page
    response = applicant.post(url + "bed/answer/", {"answer": "accept"})
    assert response.status_code == 302
    assert Accommodation.objects.get(application=case).status == "accepted"
    again = applicant.post(url + "bed/answer/", {"answer": "decline"})
    assert again.status_code == 400
    assert "This offer is already answered." in again.content.decode()
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"mobility.bed_offered", "mobility.bed_accepted"} <= verbs


def test_the_applicant_declines_through_the_api(intake, dormitory, member_editor):
    case = confirmed(intake, "decline@example.org")
    api = client_of(case.applicant)
    none = api.post(f"{API}/{case.pk}/accommodation/answer", {"accept": False}, "application/json")
    assert none.status_code == 400
    assert list(none.json()["errors"]) == ["accommodation"]
    offer(case, dormitory, member_editor, 0, 30)
    response = api.post(
        f"{API}/{case.pk}/accommodation/answer", {"accept": False}, "application/json"
    )
    assert response.status_code == 200
    assert response.json()["accommodation"]["status"] == "declined"
    assert response.json()["dormitories"] == []  # the applicant is not shown the host's list
    assert AuditEntry.objects.filter(verb="mobility.bed_declined").count() == 1


def test_who_may_read_and_act(intake, dormitory, organization, member_editor, member_viewer):
    case = confirmed(intake, "own@example.org")
    other = client_of(applicant_make("other@example.org"))
    outside_reviewer = User.objects.create_user("reviewer@example.org", PASSWORD)
    services.reviewer_assign(intake=intake, reviewer=outside_reviewer, actor=operator_user())
    body = {
        "dormitory": dormitory.pk,
        "room": "7",
        "from_date": str(case.planned_arrival),
        "until_date": str(case.planned_arrival + timedelta(days=30)),
    }
    for path in ("accommodation", "buddy"):
        assert other.get(f"{API}/{case.pk}/{path}").status_code == 404
        assert client_of(outside_reviewer).get(f"{API}/{case.pk}/{path}").status_code == 403
        assert client_of(member_viewer).get(f"{API}/{case.pk}/{path}").status_code == 200
    assert other.post(f"{API}/{case.pk}/accommodation", body, "application/json").status_code == 404
    assert other.post(f"/en/mobility/applications/{case.pk}/bed/", body).status_code == 404
    for user in (outside_reviewer, member_viewer, case.applicant):
        api = client_of(user).post(f"{API}/{case.pk}/accommodation", body, "application/json")
        page = client_of(user).post(f"/en/mobility/applications/{case.pk}/bed/", body)
        assert (api.status_code, page.status_code) == (403, 403)
    reviewer_page = client_of(outside_reviewer).get(f"/en/mobility/applications/{case.pk}/")
    assert reviewer_page.status_code == 200
    assert 'id="stay"' not in reviewer_page.content.decode()
    assert not Accommodation.objects.exists()
    office = client_of(member_editor).post(f"/en/mobility/applications/{case.pk}/bed/", body)
    assert office.status_code == 302
    assert Accommodation.objects.get(application=case).room == "7"


def test_the_office_sees_the_refusal_on_the_page(intake, dormitory, member_editor):
    case = confirmed(intake, "full@example.org")
    dormitory.capacity = 0
    dormitory.save()
    response = client_of(member_editor).post(
        f"/en/mobility/applications/{case.pk}/bed/",
        {
            "dormitory": dormitory.pk,
            "room": "7",
            "from_date": str(case.planned_arrival),
            "until_date": str(case.planned_arrival + timedelta(days=3)),
        },
    )
    assert response.status_code == 400
    assert "no free bed on some of these nights" in response.content.decode()
    assert not Accommodation.objects.exists()


def test_the_languages_are_read_from_a_list():
    assert languages_of("English, French and Russian") == {"english", "french", "russian"}
    assert languages_of("Китайский; английский и русский") == {"китайский", "английский", "русский"}
    assert languages_of("") == set()


def buddy_make(host, email: str, languages: str) -> Buddy:
    user = User.objects.create_user(email, PASSWORD, first_name=email.split("@")[0].title())
    return Buddy.objects.create(host=host, user=user, languages=languages)


def test_buddies_are_suggested_by_language_fewest_cases_first(
    intake, organization, other_organization, member_editor
):
    case = confirmed(intake, "buddy@example.org", languages="English, Russian")
    french = buddy_make(organization, "french@example.org", "French")
    busy = buddy_make(organization, "busy@example.org", "english, German")
    free = buddy_make(organization, "free@example.org", "Chinese and Russian")
    elsewhere = buddy_make(other_organization, "elsewhere@example.org", "English")
    earlier = confirmed(intake, "earlier@example.org", languages="German")
    services.buddy_assign(application=earlier, actor=member_editor, buddy_id=busy.pk)
    assert buddy_suggestions(case) == [free, busy]
    api = client_of(member_editor)
    got = api.get(f"{API}/{case.pk}/buddy").json()
    assert [row["id"] for row in got["suggestions"]] == [free.pk, busy.pk]
    assert got["buddy"] is None
    for wrong in (french, elsewhere):
        response = api.post(f"{API}/{case.pk}/buddy", {"buddy_id": wrong.pk}, "application/json")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["buddy_id"]
    assigned = client_of(member_editor).post(
        f"/en/mobility/applications/{case.pk}/buddy/", {"buddy_id": busy.pk}
    )
    assert assigned.status_code == 302
    assert BuddyMatch.objects.get(application=case).buddy == busy
    page = client_of(case.applicant).get(f"/en/mobility/applications/{case.pk}/").content.decode()
    assert "busy@example.org" in page
    assert "Busy" in page
    mine = client_of(case.applicant).get(f"{API}/{case.pk}/buddy").json()
    assert mine["buddy"]["email"] == "busy@example.org"
    assert mine["suggestions"] == []
    assert AuditEntry.objects.filter(verb="mobility.buddy_assigned").count() == 2


def test_no_buddy_before_the_applicant_confirms(intake, organization, member_editor):
    applicant = applicant_make("decided@example.org", languages="English")
    case = application_make(applicant, intake, stage="decided")
    buddy = buddy_make(organization, "b@example.org", "English")
    assert refused_fields(
        lambda: services.buddy_assign(application=case, actor=member_editor, buddy_id=buddy.pk)
    ) == ["stage"]
