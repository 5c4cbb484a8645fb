"""The demo's quality records (filled in below)."""

from edcluster.core.demo import DemoOptions, Seeded, migration_rows_restore


def demo_quality_seeder(options: DemoOptions) -> Seeded:
    from edcluster.quality.demo_seed import seed
    from edcluster.quality.models import CriteriaSet

    if not CriteriaSet.objects.exists():  # flushed since migrating: the first version again
        migration_rows_restore("quality", "0002_default_scoresheet", "create")
    return seed(options)
