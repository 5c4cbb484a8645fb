"""A proposal reads as an operator would write it: a titled course in both languages, outcomes
phrased by the kind of skill, and an accept form ticking the suggested consortium only."""

import pytest
from django.utils import translation

from edcluster.matching.forms import AcceptForm
from edcluster.matching.selectors.gaps import Gap
from edcluster.matching.services.proposals import proposal_outcome, proposal_titles
from edcluster.organizations.models import Organization
from edcluster.organizations.tests.factories import organization_make
from edcluster.skills.models import Skill, SkillGroup

GROUP = "http://example.org/group/data"


def gap(name: str, **fields) -> Gap:
    skill = Skill.objects.create(uri=f"http://example.org/skill/{name}", label=name, **fields)
    return Gap(skill=skill, postings=1, demand=1.0, best_credit=0.0, group=GROUP)


@pytest.mark.django_db
def test_titles_name_the_two_leading_skills_in_each_language():
    gaps = [
        gap("data analysis", label_ru="анализ данных"),
        gap("machine learning", label_ru="машинное обучение"),
        gap("statistics", label_ru="статистика"),
    ]
    assert proposal_titles(gaps) == (
        "Курс повышения квалификации «Анализ данных и машинное обучение»",
        "Professional development course “Data analysis and machine learning”",
    )


@pytest.mark.django_db
def test_a_skill_named_within_the_first_is_passed_over():
    gaps = [
        gap("manage projects", label_ru="управление проектами"),
        gap("agile project management", label_ru="гибкое управление проектами"),
        gap("work in teams", label_ru="работа в команде"),
    ]
    assert proposal_titles(gaps)[0] == (
        "Курс повышения квалификации «Управление проектами и работа в команде»"
    )


@pytest.mark.django_db
def test_titles_fall_back_to_the_group_when_skill_names_are_too_long():
    SkillGroup.objects.create(
        uri=GROUP, label="working with computers", label_ru="работа с компьютерами", code="S5"
    )
    gaps = [
        gap("develop and maintain automated data pipelines for analytical reporting systems"),
        gap("machine learning"),
    ]
    assert proposal_titles(gaps) == (
        "Курс повышения квалификации «Работа с компьютерами»",
        "Professional development course “Working with computers”",
    )


@pytest.mark.django_db
def test_outcomes_are_phrased_by_the_kind_of_skill():
    skill = gap("use Python", label_ru="программирование на Python", kind=Skill.Kind.SKILL)
    knowledge = gap("statistics", label_ru="статистика", kind=Skill.Kind.KNOWLEDGE)
    assert proposal_outcome(skill.skill) == {
        "ru": "Умеет применять на практике навык «программирование на Python»",
        "en": "Can use Python in professional tasks",
    }
    assert proposal_outcome(knowledge.skill)["ru"] == (
        "Знает основы области «статистика» и применяет их в профессиональных задачах"
    )


@pytest.mark.django_db
def test_accept_form_lists_and_ticks_the_suggested_members_only():
    for slug in ("tsu", "tpu", "sibmed", "gazprom"):
        organization_make(slug)
    organization_make("applicant", status=Organization.Status.APPLIED)
    form = AcceptForm(suggested=["tpu", "tsu"])
    with translation.override("en"):
        html = str(form["members"])
    assert [value for value, _label in form.fields["members"].choices] == ["tpu", "tsu"]  # type: ignore[attr-defined]
    assert form["members"].initial == ["tpu", "tsu"]
    assert html.count("checked") == 2
    assert "sibmed" not in html


@pytest.mark.django_db
def test_with_no_suggestion_the_makers_are_listed_and_none_ticked():
    organization_make("tsu")
    organization_make("gazprom", kind=Organization.Kind.EMPLOYER)
    form = AcceptForm(suggested=[])
    html = str(form["members"])
    assert "tsu" in html
    assert "gazprom" not in html
    assert "checked" not in html
