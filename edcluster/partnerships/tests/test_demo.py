"""The demo's agreements: every status, one amended, one ending in 60 days, one both ways with
all four types of mobility; SCHAC ids only where checked; seeding twice adds nothing."""

from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from edcluster.organizations.demo import demo_cluster_seed
from edcluster.organizations.models import Organization
from edcluster.organizations.reference import reference_data_load
from edcluster.partnerships import services
from edcluster.partnerships.demo import demo_agreements_seed
from edcluster.partnerships.models import Agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    reference_data_load(data_dir=settings.DATA_DIR)
    demo_cluster_seed(data_dir=settings.DATA_DIR)
    return demo_agreements_seed(data_dir=settings.DATA_DIR)


def test_eight_agreements_in_every_status(seeded):
    assert seeded == {"schac_ids": 1, "agreements": 8, "signatures_rebound": 0}
    statuses = Counter(Agreement.objects.values_list("status", flat=True))
    assert set(statuses) == set(Agreement.Status.values)
    assert sum(statuses.values()) == 8


def test_the_amended_one_stays_in_effect_on_its_first_version(seeded):
    amended = Agreement.objects.get(code="TSU-NCST-2015")
    assert amended.status == Agreement.Status.IN_EFFECT
    assert services.latest_version(amended).number == 2
    in_effect = services.version_in_effect(amended)
    assert in_effect is not None
    assert in_effect.number == 1


def test_one_ends_in_sixty_days_and_one_goes_both_ways(seeded):
    ending = Agreement.objects.get(code="TPU-JILIN-LAB")
    assert ending.valid_until == timezone.localdate() + timedelta(days=60)
    both = Agreement.objects.get(code="TPU-CHD-IIA")
    version = services.latest_version(both)
    directions = {
        (c.type, c.sending_party.organization.slug) for c in services.conditions_in_order(version)
    }
    assert len(directions) == 8
    facts = services.agreement_version_facts(version)
    assert [p["hei_id"] for p in facts["partners"]] == ["tpu.ru", "chd.edu.cn"]
    assert facts["in_effect"] is True
    assert services.quota_used(both) == 3


def test_schac_ids_only_where_checked_and_seeding_twice_adds_nothing(seeded):
    assert Organization.objects.get(slug="chd").schac_id == "chd.edu.cn"
    assert Organization.objects.get(slug="jilin").schac_id == ""
    again = demo_agreements_seed(data_dir=settings.DATA_DIR)
    assert again == {"schac_ids": 0, "agreements": 0, "signatures_rebound": 0}
    assert Agreement.objects.count() == 8
