"""The demo's mobility: intakes on published products of at least three universities, cases
from six countries at every stage (one registration overdue, one visa extension due in ten
days, one nomination under the TPU–Shenyang Ligong agreement, two scholars), the demo
applicant at "invitation issued" with a bed accepted and a buddy, a bed offered to another
case, a dormitory per hosting university, calendars for this year and the next; seeding again adds
nothing."""

import pytest
from django.conf import settings
from django.utils import timezone

from edcluster.accounts.models import User
from edcluster.catalog.demo import demo_catalog_seed
from edcluster.mobility.demo import DEMO_APPLICANT, demo_mobility_seed
from edcluster.mobility.models import (
    Accommodation,
    Application,
    BuddyMatch,
    Dormitory,
    Intake,
    Stage,
    WorkCalendar,
)
from edcluster.mobility.selectors import applicant_languages, deadline_board, languages_of
from edcluster.organizations.demo import demo_cluster_seed
from edcluster.organizations.reference import reference_data_load
from edcluster.partnerships.demo import demo_agreements_seed

pytestmark = pytest.mark.django_db


def test_demo_mobility():
    reference_data_load(data_dir=settings.DATA_DIR)
    demo_cluster_seed(data_dir=settings.DATA_DIR)
    demo_catalog_seed(data_dir=settings.DATA_DIR)
    demo_agreements_seed(data_dir=settings.DATA_DIR)
    counts = demo_mobility_seed()
    assert counts["intakes"] == Intake.objects.count() >= 3
    assert Intake.objects.values("host").distinct().count() >= 3
    assert counts["applications"] == 40
    assert set(Application.objects.values_list("citizenship", flat=True)) == {
        "CN",
        "IN",
        "ID",
        "VN",
        "KZ",
        "UZ",
    }
    assert Application.objects.values("stage").distinct().count() == len(Stage)
    assert Application.objects.filter(category__in=("teacher", "scientist")).count() == 2
    nominated = Application.objects.get(condition__isnull=False)
    assert nominated.nominated_by is not None
    assert (nominated.host.slug, nominated.nominated_by.slug) == ("tpu", "sylu")
    operator = User.objects.filter(is_operator=True).first()
    board = deadline_board(viewer=operator)
    overdue = [row for row in board if row.overdue]
    assert [row.deadline.event for row in overdue] == ["registration"]
    today = timezone.localdate()
    extension = [
        row
        for row in deadline_board(viewer=operator, within=14)
        if row.deadline.event == "visa_extension"
    ]
    assert len(extension) == 1
    assert 10 <= (extension[0].deadline.due_on - today).days <= 13
    own = Application.objects.get(applicant__email=DEMO_APPLICANT)
    assert own.stage == "invitation_issued"
    assert own.invitation.number.startswith("DEMO-")
    assert set(WorkCalendar.objects.values_list("year", flat=True)) == {2026, 2027}
    hosts = set(Intake.objects.values_list("host", flat=True))
    assert set(Dormitory.objects.values_list("host", flat=True)) == hosts
    beds = dict(Accommodation.objects.values_list("application__applicant__email", "status"))
    assert beds == {DEMO_APPLICANT: "accepted", "dana.seitova@applicants.demo.example": "offered"}
    match = BuddyMatch.objects.get()
    assert match.application == own
    assert languages_of(match.buddy.languages) & applicant_languages(own)
    assert demo_mobility_seed() == counts | {"calendars": 0}
    assert Application.objects.count() == 40
    assert (Accommodation.objects.count(), BuddyMatch.objects.count()) == (2, 1)
