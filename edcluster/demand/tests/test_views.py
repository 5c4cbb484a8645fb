from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from edcluster.accounts.tests.factories import user_make
from edcluster.demand.ingest import ingest_records
from edcluster.demand.models import IngestRun, JobPosting, PostingSkill
from edcluster.demand.services import run_extract


def test_people_outside_every_member_see_no_demand(db):
    client = Client()
    client.force_login(user_make("nobody@example.org"))
    assert client.get("/en/demand/").status_code == 403
    assert client.get("/api/demand/postings").status_code == 403


def test_an_operator_uploads_a_file_and_follows_the_run(
    db, operator_client, django_capture_on_commit_callbacks
):
    data = "external_id,title,text,salary_from\n1,Chemist,Analyses samples.,\n2,Welder,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            "/ru/demand/ingest/",
            {
                "file": SimpleUploadedFile("p.csv", data.encode(), "text/csv"),
                "source": "hh",
                "format": "",
                "extract": "",
            },
        )
    run = IngestRun.objects.get()
    assert response["Location"] == f"/ru/demand/runs/{run.pk}/"
    assert (run.status, run.created, run.rejected) == ("done", 1, 1)  # tasks run at once here
    page = operator_client.get(f"/ru/demand/runs/{run.pk}/").content.decode()
    assert "Отклонённые строки" in page
    assert "text" in page
    fragment = operator_client.get(f"/ru/demand/runs/{run.pk}/", headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()


def test_a_file_that_cannot_be_read_comes_back_with_its_message(db, operator_client):
    response = operator_client.post(
        "/en/demand/ingest/",
        {
            "file": SimpleUploadedFile("p.csv", b"id,name\n1,x\n", "text/csv"),
            "source": "hh",
        },
    )
    assert response.status_code == 400
    assert "Required columns are missing" in response.content.decode()
    assert JobPosting.objects.count() == 0


def test_skills_and_occupation_are_found_for_the_postings(taxonomy, operator, settings, tmp_path):
    settings.SKILLS_CACHE_DIR = tmp_path  # lexical extraction: the names are written out
    run, _repeated = ingest_records(
        actor=operator,
        source="hh",
        records=[
            {
                "external_id": "1",
                "title": "Senior software developer",
                "text": "Программирование на Python, запросы SQL.",
            },
            {"external_id": "2", "title": "Химик", "text": "Лабораторные испытания, химия."},
        ],
    )
    assert run.to_extract == 2  # the API enqueues this at commit; here it is called directly
    run = run_extract(run=run)
    assert run.extracted == 2
    developer = JobPosting.objects.select_related("occupation").get(external_id="1")
    assert developer.occupation is not None
    assert developer.occupation.label == "software developer"
    assert developer.extracted_at is not None
    found = set(
        PostingSkill.objects.filter(posting=developer).values_list("skill__label", flat=True)
    )
    assert {"Python (computer programming)", "SQL"} <= found
    chemist = JobPosting.objects.select_related("occupation").get(external_id="2")
    assert chemist.occupation is not None
    assert chemist.occupation.label == "chemist"
    assert "chemistry" in set(
        PostingSkill.objects.filter(posting=chemist).values_list("skill__label", flat=True)
    )
    again = run_extract(run=run)  # nothing waits: nothing changes
    assert again.extracted == 2
    assert PostingSkill.objects.filter(posting=developer).count() == len(found)


def test_the_posting_page_and_api_show_the_skills(
    taxonomy, operator, operator_client, settings, tmp_path
):
    settings.SKILLS_CACHE_DIR = tmp_path
    run, _ = ingest_records(
        actor=operator,
        source="hh",
        records=[
            {"external_id": "1", "title": "Data scientist", "text": "Machine learning in Python."}
        ],
    )
    run_extract(run=run)
    posting = JobPosting.objects.get()
    body = operator_client.get(f"/api/demand/postings/{posting.pk}").json()
    assert body["occupation"] == "data scientist"
    assert "machine learning" in {s["label"] for s in body["skills"]}
    page = operator_client.get(f"/en/demand/postings/{posting.pk}/").content.decode()
    assert "machine learning" in page
    listing = operator_client.get("/api/demand/postings", {"skill": body["skills"][0]["skill_id"]})
    assert listing.json()["count"] == 1


def test_the_api_names_the_counts_as_before_the_run_kernel(db, operator_client):
    """The runs' fields are the kernel's (processed, created); the API keeps rows, inserted."""
    response = operator_client.post(
        "/api/demand/postings:batch",
        {
            "source": "hh",
            "extract": False,
            "postings": [
                {"external_id": "1", "title": "Welder", "text": "Welds pipes."},
                {"external_id": "2", "title": "Welder", "text": ""},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    run = response.json()
    assert (run["rows"], run["inserted"], run["rejected"]) == (2, 1, 1)
    assert not {"processed", "created"} & set(run)
    assert operator_client.get(f"/api/demand/runs/{run['id']}").json()["inserted"] == 1


def test_a_batch_has_its_skills_extracted_once_it_commits(
    taxonomy, operator, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SKILLS_CACHE_DIR = tmp_path
    records = [{"external_id": "1", "title": "Химик", "text": "Лабораторные испытания, химия."}]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run, _repeated = ingest_records(actor=operator, source="hh", records=records)
    assert len(callbacks) == 1  # the service queues the extraction (tasks run at once here)
    run.refresh_from_db()
    assert (run.to_extract, run.extracted, run.total, run.processed) == (1, 1, 1, 1)
    assert run.task_id
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ingest_records(actor=operator, source="hh", records=records, enqueue=False)
    assert callbacks == []


def test_a_run_whose_skills_are_still_extracted_is_not_shown_as_done(db, operator, operator_client):
    """The rows are in (status done) but the skills of 7 of its 10 postings wait: the run page
    and the list of runs say how far extraction is, and the page keeps polling, until it ends."""
    run = IngestRun.objects.create(
        actor=operator, source="hh", format="csv", file_name="p.csv", status="done",
        processed=10, created=10, to_extract=10, extracted=3,
    )  # fmt: skip
    page = operator_client.get(f"/en/demand/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "<th>Status</th><td>extracting skills: 3 of 10 postings</td>" in text
    assert "<td>done</td>" not in text
    assert 'hx-trigger="every 1s"' in text
    listed = operator_client.get("/en/demand/ingest/").content.decode()
    assert "extracting skills: 3 of 10 postings" in listed
    russian = operator_client.get(f"/ru/demand/runs/{run.pk}/").content.decode()
    assert "извлекаются навыки вакансий: 3 из 10" in russian
    assert "<td>готово</td>" not in russian
    IngestRun.objects.filter(pk=run.pk).update(extracted=10)
    text = operator_client.get(f"/en/demand/runs/{run.pk}/").content.decode()
    assert "<th>Status</th><td>done</td>" in text
    assert 'hx-trigger="every 1s"' not in text


def test_the_upload_page_documents_every_column_in_both_languages(db, operator_client):
    from edcluster.demand.posting_rows import COLUMNS, REQUIRED

    english = operator_client.get("/en/demand/ingest/").content.decode()
    russian = operator_client.get("/ru/demand/ingest/").content.decode()
    for name in COLUMNS:
        assert f"<code>{name}</code>" in english
        assert f"<code>{name}</code>" in russian
    assert english.count("<td>required</td>") == len(REQUIRED)
    assert russian.count("<td>обязателен</td>") == len(REQUIRED)
    assert "YYYY-MM-DD" in english
    assert "ГГГГ-ММ-ДД" in russian
