"""`POST /api/skills/extract` (issue 16, item 7): a text over the cap is a 413 naming the field,
each account is rate-limited, and a long text runs as a task the caller polls."""

import pytest

from edcluster.skills.models import ExtractionRun

URL = "/api/skills/extract"


def post(client, data, **headers):
    return client.post(URL, data, content_type="application/json", **headers)


@pytest.fixture
def limits(settings, tmp_path):
    settings.SKILLS_CACHE_DIR = tmp_path
    settings.SKILLS_EXTRACT_MAX_CHARS = 2_000
    settings.SKILLS_EXTRACT_AT_ONCE_CHARS = 100


def test_a_text_over_the_cap_is_a_413_naming_the_field(taxonomy, limits, outsider_client):
    response = post(outsider_client, {"text": "x" * 2_001}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    body = response.json()
    assert "text" in body["errors"]
    assert "2000" in body["detail"].replace(",", "").replace("\u00a0", "")
    assert ExtractionRun.objects.count() == 0


def test_a_long_text_runs_as_a_task_that_its_caller_polls(
    taxonomy, limits, outsider_client, member_viewer_client, django_capture_on_commit_callbacks
):
    text = "Нужен опыт с SQL. " + "Прочее. " * 20
    with django_capture_on_commit_callbacks(execute=True):
        response = post(outsider_client, {"text": text})
    assert response.status_code == 202
    run = response.json()
    assert run["status"] in ("queued", "done")
    polled = outsider_client.get(f"{URL}/runs/{run['id']}")
    assert polled.status_code == 200
    done = polled.json()
    assert done["status"] == "done"
    assert [skill["label"] for skill in done["skills"]] == ["SQL"]
    # Someone else's run does not exist for them.
    assert member_viewer_client.get(f"{URL}/runs/{run['id']}").status_code == 404


def test_extraction_is_rate_limited_per_account(
    taxonomy, limits, settings, outsider_client, member_viewer_client
):
    settings.RATE_LIMITS = {"skills.extract": "3/60"}
    for _attempt in range(3):
        assert post(outsider_client, {"text": "SQL"}).status_code == 200
    refused = post(outsider_client, {"text": "SQL"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert post(member_viewer_client, {"text": "SQL"}).status_code == 200  # another account
