"""Reads of the taxonomy: search in Russian and English, skill and occupation pages, aliases."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from edcluster.core.selectors import require_operator
from edcluster.core.text import fold_spaces

# The extractor (text → the taxonomy's skills, with evidence) is this app's other public read;
# other apps take it from here (the `as` form marks a re-export).
from edcluster.skills.extraction import Found as Found
from edcluster.skills.extraction import extract as extract
from edcluster.skills.extraction import extractor as extractor
from edcluster.skills.extraction.occupations import occupation_index as occupation_index
from edcluster.skills.models import (
    Broader,
    ExtractionRun,
    Occupation,
    OccupationSkill,
    Skill,
    SkillAlias,
    SkillGroup,
)


def _matching(model, query: str) -> QuerySet:
    """Concepts whose label, Russian label or an alias contains the query; exact names first,
    then names starting with it, then the rest, each alphabetically."""
    concepts = model.objects.filter(obsolete=False)
    text = fold_spaces(query)
    if not text:
        return concepts.order_by("label")
    uris = SkillAlias.objects.filter(norm__contains=text).values("uri")
    exact = SkillAlias.objects.filter(norm=text).values("uri")
    starts = SkillAlias.objects.filter(norm__startswith=text).values("uri")
    return (
        concepts.filter(
            Q(label__icontains=query.strip())
            | Q(label_ru__icontains=query.strip())
            | Q(uri__in=uris)
        )
        .annotate(
            closeness=Case(
                When(
                    Q(label__iexact=query.strip())
                    | Q(label_ru__iexact=query.strip())
                    | Q(uri__in=exact),
                    then=Value(0),
                ),
                When(
                    Q(label__istartswith=query.strip())
                    | Q(label_ru__istartswith=query.strip())
                    | Q(uri__in=starts),
                    then=Value(1),
                ),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("closeness", "label")
    )


def skill_search(*, query: str = "", kind: str = "") -> QuerySet[Skill]:
    skills = _matching(Skill, query)
    return skills.filter(kind=kind) if kind else skills


def occupation_search(*, query: str = "") -> QuerySet[Occupation]:
    return _matching(Occupation, query)


def access_skill(*, skill_id: int) -> Skill:
    return get_object_or_404(Skill, pk=skill_id)


def access_occupation(*, occupation_id: int) -> Occupation:
    return get_object_or_404(Occupation, pk=occupation_id)


def aliases_of(uri: str) -> QuerySet[SkillAlias]:
    return SkillAlias.objects.filter(uri=uri).order_by("language", "source", "text")


def alias_list(*, uri: str = "", source: str = "") -> QuerySet[SkillAlias]:
    found = aliases_of(uri) if uri else SkillAlias.objects.order_by("-pk")
    return found.filter(source=source) if source else found


@dataclass
class Step:
    uri: str
    label: str
    label_ru: str
    code: str
    skill_id: int | None


def group_paths(uri: str, *, limit: int = 5) -> list[list[Step]]:
    """The ways up from a skill to the top of the skills pillar, broadest first."""
    edges: dict[str, list[str]] = {}
    frontier, seen = {uri}, {uri}
    while frontier:
        edges_up = Broader.objects.filter(uri__in=frontier).order_by("uri", "broader_uri")
        found: list[tuple[str, str]] = list(edges_up.values_list("uri", "broader_uri"))
        frontier = set()
        for narrower, broader in found:
            edges.setdefault(narrower, []).append(broader)
            if broader not in seen:
                seen.add(broader)
                frontier.add(broader)
    steps: dict[str, Step] = {}
    for group in SkillGroup.objects.filter(uri__in=seen):
        steps[group.uri] = Step(group.uri, group.label, group.label_ru, group.code, None)
    for skill in Skill.objects.filter(uri__in=seen):
        steps[skill.uri] = Step(skill.uri, skill.label, skill.label_ru, "", skill.pk)
    paths: list[list[Step]] = []

    def climb(node: str, path: list[str]) -> None:
        if len(paths) >= limit:
            return
        ups = [up for up in edges.get(node, []) if up not in path]
        if not ups:
            paths.append([steps[n] for n in reversed(path) if n in steps and n != uri])
        for up in ups:
            climb(up, [*path, up])

    climb(uri, [uri])
    return [path for path in paths if path]


def occupations_needing(skill: Skill) -> QuerySet[OccupationSkill]:
    return (
        OccupationSkill.objects.filter(skill=skill)
        .select_related("occupation")
        .order_by("relation", "occupation__label")
    )


def skills_of(occupation: Occupation) -> QuerySet[OccupationSkill]:
    return (
        OccupationSkill.objects.filter(occupation=occupation)
        .select_related("skill")
        .order_by("relation", "skill__label")
    )


def _concept_fields(concept, *names: str) -> dict:
    return {
        name: getattr(concept, name)
        for name in ("id", "uri", "label", "label_ru", "description", *names)
    }


def skill_detail(skill: Skill) -> dict:
    """A skill with its aliases, its places in the skills pillar and the occupations needing it."""
    return {
        **_concept_fields(skill, "kind", "reuse_level"),
        "aliases": list(aliases_of(skill.uri)),
        "group_paths": group_paths(skill.uri),
        "occupations": list(occupations_needing(skill)),
    }


def occupation_detail(occupation: Occupation) -> dict:
    return {
        **_concept_fields(occupation, "isco_code", "code"),
        "aliases": list(aliases_of(occupation.uri)),
        "skills": list(skills_of(occupation)),
    }


def require_alias_curator(*, user) -> None:
    """Operators curate the taxonomy's aliases; nobody else adds, changes or removes one."""
    require_operator(user=user)


def access_extraction_run(*, user, run_id: int) -> ExtractionRun:
    """A long text's extraction, for the person who asked (operators: any); 404 otherwise."""
    runs = ExtractionRun.objects.all()
    if not getattr(user, "is_operator", False):
        runs = runs.filter(actor_id=user.pk)
    return get_object_or_404(runs, pk=run_id)


def access_alias(*, user, alias_id: int) -> SkillAlias:
    """An alias an operator may change; ESCO's own are part of the release and not edited here."""
    require_alias_curator(user=user)
    return get_object_or_404(SkillAlias.objects.exclude(source=SkillAlias.Source.ESCO), pk=alias_id)


def concept_of(uri: str) -> Skill | Occupation | SkillGroup | None:
    """The skill, occupation or skill group with this URI."""
    for model in (Skill, Occupation, SkillGroup):
        found = model.objects.filter(uri=uri).first()
        if found is not None:
            return found
    return None


def concept_url(uri: str) -> str:
    """The page of the skill or occupation with this URI."""
    from django.urls import reverse

    occupation = Occupation.objects.filter(uri=uri).values_list("pk", flat=True).first()
    if occupation:
        return reverse("skills:occupation", args=[occupation])
    skill = Skill.objects.filter(uri=uri).values_list("pk", flat=True).first()
    return reverse("skills:skill", args=[skill]) if skill else reverse("skills:taxonomy")


def skill_ids(uris: list[str]) -> dict[str, int]:
    return dict(Skill.objects.filter(uri__in=uris).values_list("uri", "pk"))


def _named(model, name: str):
    """The one concept called exactly so (label, Russian label, an alias or its URI)."""
    text = name.strip()
    if not text:
        return None
    concepts = model.objects.filter(obsolete=False)
    return (
        concepts.filter(Q(uri=text) | Q(label__iexact=text) | Q(label_ru__iexact=text)).first()
        or concepts.filter(uri__in=SkillAlias.objects.filter(norm=fold_spaces(text)).values("uri"))
        .order_by("pk")
        .first()
    )


def skill_named(name: str) -> Skill | None:
    return _named(Skill, name)


def occupation_named(name: str) -> Occupation | None:
    return _named(Occupation, name)
