from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from edcluster.core.forms import add_service_errors
from edcluster.core.http import HttpRequest
from edcluster.core.ratelimit import page_status
from edcluster.skills import selectors, services
from edcluster.skills.forms import AliasForm, AliasTextForm, ExtractForm, TaxonomySearchForm


def taxonomy(request: HttpRequest) -> HttpResponse:
    """Search skills or occupations by name, in Russian or English."""
    form = TaxonomySearchForm(request.GET or None)
    ask = form.cleaned()
    found = (
        selectors.occupation_search(query=ask["q"])
        if ask["what"] == "occupations"
        else selectors.skill_search(query=ask["q"], kind=ask["kind"])
    )
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    template = "skills/taxonomy.html" + ("#results" if request.htmx else "")
    return TemplateResponse(request, template, {"form": form, "page": page, "ask": ask})


def skill_detail(request: HttpRequest, skill_id: int) -> HttpResponse:
    skill = selectors.access_skill(skill_id=skill_id)
    return _concept_page(request, "skills/skill.html", selectors.skill_detail(skill), AliasForm())


def occupation_detail(request: HttpRequest, occupation_id: int) -> HttpResponse:
    occupation = selectors.access_occupation(occupation_id=occupation_id)
    return _concept_page(
        request, "skills/occupation.html", selectors.occupation_detail(occupation), AliasForm()
    )


def _concept_page(request, template: str, concept: dict, form, status: int = 200):
    return TemplateResponse(
        request, template, {"concept": concept, "alias_form": form}, status=status
    )


@login_required
@require_POST
def alias_add(request: HttpRequest, concept_id: int, kind: str) -> HttpResponse:
    """An operator adds a name; a bad one comes back on the page with its message."""
    selectors.require_alias_curator(user=request.user)
    if kind == "occupation":
        concept = selectors.occupation_detail(selectors.access_occupation(occupation_id=concept_id))
        template = "skills/occupation.html"
    else:
        concept = selectors.skill_detail(selectors.access_skill(skill_id=concept_id))
        template = "skills/skill.html"
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            services.alias_create(uri=concept["uri"], actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(selectors.concept_url(concept["uri"]))
    return _concept_page(request, template, concept, form, status=400)


@login_required
def alias_edit(request: HttpRequest, alias_id: int) -> HttpResponse:
    alias = selectors.access_alias(user=request.user, alias_id=alias_id)
    back = selectors.concept_url(alias.uri)
    form = AliasTextForm(request.POST or None, initial={"text": alias.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.alias_update(alias=alias, text=form.cleaned_data["text"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(back)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "skills/alias_edit.html",
        {"alias": alias, "form": form, "back": back},
        status=status,
    )


@login_required
@require_POST
def alias_delete(request: HttpRequest, alias_id: int) -> HttpResponse:
    alias = selectors.access_alias(user=request.user, alias_id=alias_id)
    back = selectors.concept_url(alias.uri)
    services.alias_delete(alias=alias, actor=request.user)
    return redirect(back)


@login_required
def extract(request: HttpRequest) -> HttpResponse:
    """Try the extractor on a text: the skills found, with their evidence."""
    form = ExtractForm(request.POST or None)
    found, engine = None, None
    if request.method == "POST" and form.is_valid():
        try:
            services.EXTRACT.hit(user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            engine = selectors.extractor()
            found = engine.extract(form.cleaned_data["text"])
    status = page_status(form)
    ids = selectors.skill_ids([f.uri for f in found or []])
    rows = None if found is None else [(f, ids.get(f.uri)) for f in found]
    context = {"form": form, "found": rows, "dense": engine.dense if engine else None}
    return TemplateResponse(request, "skills/extract.html", context, status=status)
