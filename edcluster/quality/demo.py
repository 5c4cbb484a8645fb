"""The demo's quality records (filled in below)."""

from edcluster.core.demo import DemoOptions, Seeded


def demo_quality_seeder(options: DemoOptions) -> Seeded:
    from edcluster.quality.demo_seed import seed

    return seed(options)
