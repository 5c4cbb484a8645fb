"""Reads of the taxonomy: search in Russian and English, skill and occupation pages, aliases."""

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from edcluster.core.models import in_language
from edcluster.core.selectors import require_operator
from edcluster.core.text import CYRILLIC, fold, fold_spaces, lemma, stem

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


def by_name(prefix: str = "") -> list:
    """The order of concepts in the reader's language: on Russian pages those with a Russian
    name first, alphabetically by it, then the English-only ones; on English pages by label."""
    if not (get_language() or "ru").startswith("ru"):
        return [f"{prefix}label"]
    unnamed = Case(When(**{f"{prefix}label_ru": ""}, then=Value(1)), default=Value(0))
    return [unnamed, f"{prefix}label_ru", f"{prefix}label"]


def _matching(model, query: str) -> QuerySet:
    """Concepts whose label, Russian label or an alias contains the query; exact names first,
    then names starting with it, then the rest, each alphabetically."""
    concepts = model.objects.filter(obsolete=False)
    text = fold_spaces(query)
    if not text:
        return concepts.order_by(*by_name())
    uris = SkillAlias.objects.filter(norm__contains=text).values("uri")
    exact = SkillAlias.objects.filter(norm=text).values("uri")
    starts = SkillAlias.objects.filter(norm__startswith=text).values("uri")
    wanted = Q(label__icontains=query.strip()) | Q(label_ru__icontains=query.strip())
    stems = name_stems(text)
    if stems and min(map(len, stems)) >= 3:  # the same words in other forms, any order
        inflected = SkillAlias.objects.filter(_all_stems("norm__contains", stems)).values("uri")
        wanted |= Q(uri__in=inflected) | _all_stems("label__icontains", stems)
    return (
        concepts.filter(wanted | Q(uri__in=uris))
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
        .order_by("closeness", *by_name())
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
        .order_by("relation", *by_name("occupation__"))
    )


def skills_of(occupation: Occupation) -> QuerySet[OccupationSkill]:
    return (
        OccupationSkill.objects.filter(occupation=occupation)
        .select_related("skill")
        .order_by("relation", *by_name("skill__"))
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


WORD = re.compile(r"\w+")


def name_stems(text: str) -> tuple[str, ...]:
    """A name's words as stems of their dictionary forms (pymorphy3's lemma, then Snowball):
    «промышленной безопасности» and «промышленная безопасность», «охраной труда» and «охрана
    труда» have the same ones."""
    return tuple(_word_stem(word) for word in WORD.findall(fold(text)))


@lru_cache(maxsize=50_000)
def _word_stem(word: str) -> str:
    return stem(fold(lemma(word)) if CYRILLIC.search(word) else word)


def _all_stems(lookup: str, stems: tuple[str, ...]) -> Q:
    found = Q()
    for part in stems:
        found &= Q(**{lookup: part})
    return found


def _same_words(concepts: QuerySet, stems: tuple[str, ...]) -> list:
    """Concepts with a name of the same words in other forms (case, number)."""
    if not stems:
        return []
    aliases = SkillAlias.objects.filter(_all_stems("norm__contains", stems))
    uris = {
        uri for uri, norm in aliases.values_list("uri", "norm")[:2000] if name_stems(norm) == stems
    }
    labelled = concepts.filter(_all_stems("label__icontains", stems)).exclude(uri__in=uris)
    return [
        *concepts.filter(uri__in=uris).order_by("label")[:10],
        *(c for c in labelled[:200] if name_stems(c.label) == stems),
    ]


@dataclass
class Named:
    """What a typed name resolves to: one concept, or none with the ones it may have meant."""

    concept: Skill | Occupation | None
    suggestions: list


def _resolve(model, name: str) -> Named:
    """The concept called so: its URI, its English label, its Russian label, an alias; then the
    same words inflected otherwise. A name several concepts share resolves to none of them and
    offers them all (distinct skills never share a Russian label, but may share an alias)."""
    text, norm = name.strip(), fold_spaces(name)
    concepts = model.objects.filter(obsolete=False)
    if not norm:
        return Named(None, [])
    found = concepts.filter(Q(uri=text) | Q(label__iexact=text)).first()
    ru = SkillAlias.objects.filter(norm=norm)
    found = found or concepts.filter(uri__in=ru.values("uri"), label_ru__iexact=text).first()
    if found is None:  # SQLite's iexact folds ASCII only: the label is the team's first alias
        labelled = [
            c for c in concepts.filter(uri__in=ru.values("uri")) if fold_spaces(c.label_ru) == norm
        ]
        found = labelled[0] if len(labelled) == 1 else None
    if found is not None:
        return Named(found, [])
    called = list(concepts.filter(uri__in=ru.values("uri")).order_by("label")[:10])
    ours = set(ru.exclude(source=SkillAlias.Source.ESCO).values_list("uri", flat=True))
    if len(called) > 1 and len([c for c in called if c.uri in ours]) == 1:
        return Named(next(c for c in called if c.uri in ours), [])  # ours over ESCO's English
    if len(called) > 1 and (first := _first_file_gives(ru, called)) is not None:
        return Named(first, [])
    if not called:
        stems = name_stems(text)
        called = _same_words(concepts, stems)
        labelled = [c for c in called if name_stems(c.label_ru or c.label) == stems]
        called = labelled if len(labelled) == 1 else called
    if len(called) == 1:
        return Named(called[0], [])
    return Named(None, called or suggestions(model, text))


def _first_file_gives(aliases: QuerySet, called: list):
    """The one concept the first of the team's data files (in name order) gives this name to,
    if it gives it to one: `aliases_ru.tsv` holds the names people type and decides."""
    team = sorted(
        aliases.filter(source=SkillAlias.Source.CLUSTER, uri__in=[c.uri for c in called])
        .exclude(origin="")
        .values_list("origin", "uri")
    )
    uris = {uri for origin, uri in team if origin == team[0][0]} if team else set()
    return next((c for c in called if c.uri in uris), None) if len(uris) == 1 else None


def suggestions(model, name: str, *, limit: int = 5) -> list:
    """What someone typing a name that resolves to nothing may have meant: concepts whose names
    hold all its words (in any form), else the most of them, else names spelled alike."""
    found = list(_matching(model, name)[:limit])
    if found:
        return found
    stems = [part for part in name_stems(name) if len(part) >= 3]
    scores: dict[str, int] = {}
    for part in stems[:6]:
        for uri in set(
            SkillAlias.objects.filter(norm__contains=part).values_list("uri", flat=True)[:500]
        ):
            scores[uri] = scores.get(uri, 0) + 1
        for uri in model.objects.filter(label__icontains=part).values_list("uri", flat=True)[:500]:
            scores[uri] = scores.get(uri, 0) + 1
    best = sorted(scores, key=lambda uri: -scores[uri])[: limit * 4]
    concepts = {c.uri: c for c in model.objects.filter(obsolete=False, uri__in=best)}
    ranked = [concepts[uri] for uri in best if uri in concepts][:limit]
    return ranked or _spelled_alike(model, name, limit)


def _spelled_alike(model, name: str, limit: int) -> list:
    norm = fold_spaces(name)
    names = dict(
        SkillAlias.objects.filter(uri__in=model.objects.filter(obsolete=False).values("uri"))
        .filter(language="ru" if CYRILLIC.search(norm) else "en")
        .values_list("norm", "uri")
    )
    close = difflib.get_close_matches(norm, names.keys(), n=limit, cutoff=0.7)
    uris = list(dict.fromkeys(names[text] for text in close))
    concepts = {c.uri: c for c in model.objects.filter(uri__in=uris)}
    return [concepts[uri] for uri in uris if uri in concepts]


def skill_resolve(name: str) -> Named:
    return _resolve(Skill, name)


def occupation_resolve(name: str) -> Named:
    return _resolve(Occupation, name)


def not_found_message(name: str, suggestions: list) -> str:
    """“No skill is called …” with what the person may have meant, named in their language."""
    close = "; ".join(in_language(s.label_ru, s.label) for s in suggestions[:5])
    message = _("No skill is called “%(name)s”.") % {"name": name.strip()}
    return message + (" " + _("Did you mean: %(close)s?") % {"close": close} if close else "")


def skill_named(name: str) -> Skill | None:
    found = _resolve(Skill, name).concept
    return found if isinstance(found, Skill) else None


def occupation_named(name: str) -> Occupation | None:
    found = _resolve(Occupation, name).concept
    return found if isinstance(found, Occupation) else None
