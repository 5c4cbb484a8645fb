from edcluster.skills.tests.conftest import mini_release, taxonomy  # noqa: F401 (fixtures)
