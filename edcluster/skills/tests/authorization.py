"""Skills' rows of the authorization matrix (config/tests/test_authorization_matrix.py):
who may call each of its pages and API operations, and what its rows need in the shared
context (`arrange`)."""

from edcluster.skills.models import SkillAlias
from edcluster.skills.tests.factories import alias_make, occupation_make, skill_make
from edcluster.testing.authorization import OPERATOR, Case, Context, everyone, statuses


def alias_state(ctx: Context) -> tuple:
    return tuple(SkillAlias.objects.order_by("pk").values_list("pk", "text"))


W_ALIAS = {OPERATOR}
OPERATOR_PAGE = statuses(302, 403, 403, 403, 403, 302)
OPERATOR_API = statuses(401, 403, 403, 403, 403, 200)


def arrange(ctx: Context) -> None:
    """A skill, an occupation and an operator's alias of the skill."""
    ctx.skill = skill_make(
        "Python (computer programming)", uri="http://data.europa.eu/esco/skill/python"
    )
    ctx.skill_id = ctx.skill.pk
    occupation = occupation_make(
        "software developer", uri="http://data.europa.eu/esco/occupation/dev"
    )
    ctx.occupation_id = occupation.pk
    ctx.alias_id = alias_make(ctx.skill, "питон-3").pk


PAGES: dict[str, list[Case]] = {
    "skills:taxonomy": [Case("GET", lambda ctx: "/en/skills/?q=python", everyone(200))],
    "skills:skill": [Case("GET", lambda ctx: f"/en/skills/{ctx.skill_id}/", everyone(200))],
    "skills:occupation": [
        Case("GET", lambda ctx: f"/en/skills/occupations/{ctx.occupation_id}/", everyone(200))
    ],
    "skills:extract": [Case("GET", lambda ctx: "/en/skills/extract/", statuses(302, *[200] * 5))],
    "skills:skill_alias_add": [
        Case(
            "POST",
            lambda ctx: f"/en/skills/{ctx.skill_id}/aliases/",
            OPERATOR_PAGE,
            data=lambda ctx, persona: {"language": "ru", "text": "змеиный язык"},
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
    "skills:occupation_alias_add": [
        Case(
            "POST",
            lambda ctx: f"/en/skills/occupations/{ctx.occupation_id}/aliases/",
            OPERATOR_PAGE,
            data=lambda ctx, persona: {"language": "ru", "text": "кодер"},
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
    "skills:alias_edit": [
        Case(
            "POST",
            lambda ctx: f"/en/skills/aliases/{ctx.alias_id}/",
            OPERATOR_PAGE,
            data=lambda ctx, persona: {"text": "пайтон"},
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
    "skills:alias_delete": [
        Case(
            "POST",
            lambda ctx: f"/en/skills/aliases/{ctx.alias_id}/delete/",
            OPERATOR_PAGE,
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
}

API: dict[str, list[Case]] = {
    "GET /api/skills": [Case("GET", lambda ctx: "/api/skills?q=python", everyone(200))],
    "GET /api/skills/{skill_id}": [
        Case("GET", lambda ctx: f"/api/skills/{ctx.skill_id}", everyone(200))
    ],
    "GET /api/skills/occupations": [
        Case("GET", lambda ctx: "/api/skills/occupations?q=dev", everyone(200))
    ],
    "GET /api/skills/occupations/{occupation_id}": [
        Case("GET", lambda ctx: f"/api/skills/occupations/{ctx.occupation_id}", everyone(200))
    ],
    "POST /api/skills/extract": [
        Case(
            "POST",
            lambda ctx: "/api/skills/extract",
            statuses(401, *[200] * 5),
            json=True,
            data=lambda ctx, persona: {"text": "Python developer"},
        )
    ],
    # A run belongs to whoever started it (tests/test_extract_limits.py); nobody's here is 404.
    "GET /api/skills/extract/runs/{run_id}": [
        Case("GET", lambda ctx: "/api/skills/extract/runs/999999", statuses(401, *[404] * 5))
    ],
    "GET /api/skills/aliases": [
        Case("GET", lambda ctx: "/api/skills/aliases", statuses(401, *[200] * 5))
    ],
    "POST /api/skills/aliases": [
        Case(
            "POST",
            lambda ctx: "/api/skills/aliases",
            statuses(401, 403, 403, 403, 403, 201),
            json=True,
            data=lambda ctx, persona: {
                "uri": "http://data.europa.eu/esco/skill/python",
                "language": "ru",
                "text": "змеиный язык",
            },
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
    "PATCH /api/skills/aliases/{alias_id}": [
        Case(
            "PATCH",
            lambda ctx: f"/api/skills/aliases/{ctx.alias_id}",
            OPERATOR_API,
            json=True,
            data=lambda ctx, persona: {"text": "пайтон"},
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
    "DELETE /api/skills/aliases/{alias_id}": [
        Case(
            "DELETE",
            lambda ctx: f"/api/skills/aliases/{ctx.alias_id}",
            statuses(401, 403, 403, 403, 403, 204),
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
}
