"""The intake page links its review page only for those who may open it: the host's staff,
operators and the intake's reviewers (another member's staff got a link to a 403)."""

import pytest
from django.test import Client

from edcluster.mobility.tests.factories import intake_make

pytestmark = pytest.mark.django_db


def test_the_review_link_only_for_who_may_review(organization, member_viewer, outsider, operator):
    intake = intake_make(organization)
    review = f"/en/mobility/intakes/{intake.pk}/review/"
    for user, linked in ((member_viewer, True), (operator, True), (outsider, False)):
        client = Client()
        client.force_login(user)
        page = client.get(f"/en/mobility/intakes/{intake.pk}/").content.decode()
        assert (review in page) is linked, user
        assert client.get(review).status_code == (200 if linked else 403)
