"""The audit log speaks the reader's language: every verb the code writes has a name."""

import ast
from pathlib import Path

import pytest
from django.utils import translation

from edcluster.core.audit import audit_verb_label, audit_verb_labels
from edcluster.core.services import audit_record

SOURCE = Path(__file__).resolve().parents[2]
WRITERS = ("audit_record", "audit_records")


def written_verbs() -> list[tuple[str, str]]:
    """(place, verb or "prefix.*") of every audit_record(s) call in product code."""
    found = []
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") in WRITERS):
                continue
            for keyword in node.keywords:
                if keyword.arg == "verb":
                    place = f"{path.relative_to(SOURCE)}:{node.lineno}"
                    found += [(place, verb) for verb in verbs_of(keyword.value)]
    return found


def verbs_of(value: ast.expr) -> list[str]:
    if isinstance(value, ast.Constant):
        return [str(value.value)]
    if isinstance(value, ast.IfExp):
        return verbs_of(value.body) + verbs_of(value.orelse)
    if isinstance(value, ast.JoinedStr) and isinstance(value.values[0], ast.Constant):
        return [f"{value.values[0].value!s}*"]
    return []  # a verb passed through (core's own audit_record, the API's filter)


def test_every_verb_the_code_writes_has_a_name():
    labels = audit_verb_labels()
    written = written_verbs()
    assert len(written) > 30  # the scan finds the services' calls
    missing = [
        f"{place}: {verb}"
        for place, verb in written
        if not (
            any(name.startswith(verb[:-1]) for name in labels)
            if verb.endswith("*")
            else verb in labels
        )
    ]
    assert missing == []


def test_the_name_follows_the_language_and_an_unknown_verb_shows_its_code():
    with translation.override("en"):
        assert audit_verb_label("product.published") == "product published"
    with translation.override("ru"):
        assert audit_verb_label("product.published") == "продукт опубликован"
    assert audit_verb_label("nobody.named_this") == "nobody.named_this"


@pytest.mark.django_db
def test_the_log_page_names_actions_and_says_the_platform_did_unattributed_work(
    operator, operator_client
):
    audit_record(actor=operator, verb="organization.admitted")
    audit_record(actor=None, verb="product.published")
    page = operator_client.get("/ru/audit/").content.decode()
    assert "организация принята в кластер" in page
    assert "продукт опубликован" in page
    assert "платформа" in page
    assert "<code>product.published</code>" not in page


@pytest.mark.django_db
def test_entries_written_at_once_are_each_what_one_would_be(operator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from edcluster.core.models import AuditEntry
    from edcluster.core.services import audit_records

    one = audit_record(actor=operator, verb="sales.line_added", target=operator, data={"line": 1})
    with CaptureQueriesContext(connection) as queries:
        many = audit_records(
            actor=operator,
            verb="sales.line_added",
            target=operator,
            data=[{"line": 2}, {"line": 3}],
        )
    assert len([q for q in queries if "core_auditentry" in q["sql"]]) == 1
    stored = list(AuditEntry.objects.filter(pk__in=[e.pk for e in many]).order_by("pk"))
    assert [e.data for e in stored] == [{"line": 2}, {"line": 3}]
    fields = ("actor_id", "verb", "target_type_id", "target_id", "target_repr")
    assert {tuple(getattr(e, f) for f in fields) for e in stored} == {
        tuple(getattr(one, f) for f in fields)
    }
    assert all(e.at is not None for e in stored)
    assert audit_records(actor=None, verb="sales.line_added", data=[]) == []
