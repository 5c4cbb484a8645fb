import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    """The sales tests read messages in English unless a test asks for Russian."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
