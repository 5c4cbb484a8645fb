"""The generated demo postings are dated back from the day they are seeded, so the default
period of analytics shows them, and seeding again on a later day changes nothing."""

from datetime import timedelta

from django.utils import timezone

from edcluster.demand.demo import SOURCE, demo_postings_seed
from edcluster.demand.models import JobPosting


def test_demo_postings_are_dated_back_from_today_and_keep_their_dates(taxonomy):
    today = timezone.localdate()
    postings, new = demo_postings_seed(200)
    assert postings == new == 200
    dates = list(JobPosting.objects.filter(source=SOURCE).values_list("posted_at", flat=True))
    days = sorted((today - posted).days for posted in dates if posted is not None)
    assert len(days) == 200
    assert days[0] >= 0
    assert days[-1] < 730
    assert sum(day < 365 for day in days) >= 60  # the last year, the default period, has data
    assert demo_postings_seed(200, today=today + timedelta(days=40)) == (200, 0)
    assert (
        list(JobPosting.objects.filter(source=SOURCE).values_list("posted_at", flat=True)) == dates
    )
