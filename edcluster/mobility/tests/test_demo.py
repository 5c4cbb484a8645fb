"""The demo's mobility: intakes on published products of at least three universities, cases
from six countries at many stages, the demo applicant at "invitation issued", calendars for
this year and the next; seeding again adds nothing."""

import pytest
from django.conf import settings

from edcluster.catalog.demo import demo_catalog_seed
from edcluster.mobility.demo import DEMO_APPLICANT, demo_mobility_seed
from edcluster.mobility.models import Application, Intake, WorkCalendar
from edcluster.organizations.demo import demo_cluster_seed
from edcluster.organizations.reference import reference_data_load

pytestmark = pytest.mark.django_db


def test_demo_mobility():
    reference_data_load(data_dir=settings.DATA_DIR)
    demo_cluster_seed(data_dir=settings.DATA_DIR)
    demo_catalog_seed(data_dir=settings.DATA_DIR)
    counts = demo_mobility_seed()
    assert counts["intakes"] == Intake.objects.count() >= 3
    assert Intake.objects.values("host").distinct().count() >= 3
    assert counts["applications"] == 15
    assert set(Application.objects.values_list("citizenship", flat=True)) == {
        "CN",
        "IN",
        "ID",
        "VN",
        "KZ",
        "UZ",
    }
    assert Application.objects.values("stage").distinct().count() >= 12
    own = Application.objects.get(applicant__email=DEMO_APPLICANT)
    assert own.stage == "invitation_issued"
    assert own.invitation.number.startswith("DEMO-")
    assert set(WorkCalendar.objects.values_list("year", flat=True)) == {2026, 2027}
    assert demo_mobility_seed() == counts | {"calendars": 0}
    assert Application.objects.count() == 15
