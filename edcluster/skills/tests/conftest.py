"""The skills tests' fixtures; the mini ESCO release and its loaded taxonomy (`mini_release`,
`taxonomy`) are the whole suite's, in edcluster.testing."""

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def vector_folder(tmp_path_factory) -> Path:
    """Shared by the tests of a run: vectors are keyed by text, so embedding once is enough."""
    return tmp_path_factory.mktemp("vectors")


@pytest.fixture
def vector_cache(settings, vector_folder):
    """The extractor's vectors in the test run's folder; the process's extractor forgotten."""
    settings.SKILLS_CACHE_DIR = vector_folder
    return vector_folder


@pytest.fixture
def embedded(taxonomy, vector_cache):
    """The mini taxonomy with its vectors built (a few hundred names: seconds)."""
    from django.core.management import call_command

    call_command("skills_embed", verbosity=0)
    return taxonomy
