"""Extraction reads what a posting needs, not what it offers (demand/services/sections.py)."""

import pytest

from edcluster.demand.ingest import ingest_records
from edcluster.demand.models import PostingSkill
from edcluster.demand.services import run_extract
from edcluster.demand.services.sections import requirements_of


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Ищем аналитика.\nТребования:\n- SQL\nУсловия:\n- обучение за счёт компании\n- ДМС",
            "Ищем аналитика.\nТребования:\n- SQL",
        ),
        ("Вы умеете: SQL.\nУсловия: официальное оформление, ДМС.", "Вы умеете: SQL."),
        ("Мы предлагаем\nгибкий график\nОбязанности:\nвести учёт", "Обязанности:\nвести учёт"),
        ("What we offer: relocation.\nRequirements: Python.", "Requirements: Python."),
        ("About us\nWe build rockets.\n\nResponsibilities: testing", "Responsibilities: testing"),
        ("- Benefits: a plus\n- Required: Java.", "- Required: Java."),
        # A sentence with a colon is no heading; a requirement naming conditions is kept.
        (
            "Знать условия поставки и уметь их обсуждать: это важно для работы с клиентами.",
            "Знать условия поставки и уметь их обсуждать: это важно для работы с клиентами.",
        ),
        (
            "Условия труда на производстве знать обязательно.",
            "Условия труда на производстве знать обязательно.",
        ),
        ("", ""),
    ],
)
def test_the_offer_and_company_sections_are_left_out(text, kept):
    assert requirements_of(text) == kept


def test_a_skill_named_only_in_what_is_offered_is_not_demand(
    taxonomy, operator, settings, tmp_path
):
    settings.SKILLS_CACHE_DIR = tmp_path  # lexical: the names are written out
    records = [
        {
            "external_id": "1",
            "title": "Аналитик",
            "text": "Требования: SQL.\nУсловия: обучение Python.",
        },
        {
            "external_id": "2",
            "title": "Аналитик",
            "text": "Требования: программирование на Python.",
        },
    ]
    run, _ = ingest_records(actor=operator, source="hh", records=records)
    run_extract(run=run)
    found = {
        external_id: set(
            PostingSkill.objects.filter(posting__external_id=external_id).values_list(
                "skill__label", flat=True
            )
        )
        for external_id in ("1", "2")
    }
    assert "SQL" in found["1"]
    assert "Python (computer programming)" not in found["1"]
    assert "Python (computer programming)" in found["2"]
