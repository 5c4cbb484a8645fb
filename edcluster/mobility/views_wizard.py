"""The applicant's application wizard: 1 profile and passport, 2 consents, 3 programme and
dates, 4 documents (the checklist of the category and citizenship), 5 review and submit.

Each step is a form posted with htmx (the step panel `#wizard` is swapped; `HX-Location`
loads the next step) or, without JavaScript, a plain POST answered by a redirect. Each step
writes through the services at once, so nothing is lost on leaving: steps 1–2 before the draft
exists are the intake's (`/intakes/<id>/apply/…`), step 3 starts the draft, and from then on
every step is the draft's (`/applications/<id>/apply/<step>/`, 404 to anyone but its
applicant)."""

import json
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.mobility import forms, selectors, services
from edcluster.mobility.models import ApplicantProfile, Application, Consent, Intake, Stage
from edcluster.mobility.views import upload_to

STEPS = (
    ("profile", _("Profile & passport")),
    ("consents", _("Consents")),
    ("programme", _("Programme & dates")),
    ("documents", _("Documents")),
    ("review", _("Review & submit")),
)
BEFORE_DRAFT = ("profile", "consents")


@dataclass
class Wizard:
    """Where the applicant is: the intake, and the draft once step 3 has started it."""

    request: AuthenticatedHttpRequest
    intake: Intake
    draft: Application | None = None

    @property
    def user(self):
        return self.request.user

    @property
    def profile(self) -> ApplicantProfile | None:
        return ApplicantProfile.objects.filter(user=self.user).first()

    def consented(self) -> bool:
        return services.consent_in_force(user=self.user, purpose=Consent.Purpose.PERSONAL_DATA)

    def url(self, step: str) -> str | None:
        if self.draft is not None:
            return reverse("mobility:wizard", args=[self.draft.pk, step])
        if step in BEFORE_DRAFT:
            return reverse("mobility:apply_step", args=[self.intake.pk, step])
        return reverse("mobility:apply", args=[self.intake.pk]) if step == "programme" else None

    def first_open_step(self) -> str:
        if self.profile is None:
            return "profile"
        if not self.consented():
            return "consents"
        return "programme" if self.draft is None else "documents"

    def indicator(self, current: str) -> list[dict]:
        order = [slug for slug, _label in STEPS]
        return [
            {
                "number": number,
                "slug": slug,
                "label": label,
                "url": self.url(slug),
                "current": slug == current,
                "done": order.index(slug) < order.index(current),
            }
            for number, (slug, label) in enumerate(STEPS, start=1)
        ]


def _own_draft(user, intake: Intake) -> Application | None:
    return Application.objects.filter(applicant=user, intake=intake, stage=Stage.DRAFT).first()


def _draft_wizard(request: AuthenticatedHttpRequest, application_id: int) -> Wizard:
    """The applicant's own draft (anyone else: 404, even the office that may read it)."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    if application.applicant_id != request.user.pk:
        raise Http404
    return Wizard(request, application.intake, application)


def _go(wizard: Wizard, step: str) -> HttpResponse:
    """To the step: htmx loads its panel into `#wizard`, a plain form is redirected."""
    url = wizard.url(step) or reverse("mobility:apply", args=[wizard.intake.pk])
    if wizard.request.htmx:
        response = HttpResponse(status=200)
        location = {"path": url, "target": "#wizard", "select": "#wizard", "swap": "outerHTML"}
        response["HX-Location"] = json.dumps(location)
        return response
    return redirect(url)


def _show(wizard: Wizard, step: str, context: dict, status: int = 200) -> HttpResponse:
    context = {
        "step": step,
        "steps": wizard.indicator(step),
        "intake": wizard.intake,
        "draft": wizard.draft,
        "action": wizard.url(step),
        "back": _neighbour(wizard, step, -1),
        **context,
    }
    template = "mobility/wizard.html" + ("#panel" if wizard.request.htmx else "")
    return TemplateResponse(wizard.request, template, context, status=status)


def _neighbour(wizard: Wizard, step: str, offset: int) -> str | None:
    order = [slug for slug, _label in STEPS]
    index = order.index(step) + offset
    return wizard.url(order[index]) if 0 <= index < len(order) else None


def _posted(request):
    """The posted fields (an empty POST too: a form without its required fields is an error)."""
    return request.POST if request.method == "POST" else None


def _step_profile(wizard: Wizard) -> HttpResponse:
    request = wizard.request
    form = forms.ProfileStepForm(_posted(request), instance=wizard.profile)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.profile_save(user=request.user, fields=fields)
            if wizard.draft is not None:  # the draft takes the citizenship, its checklist too
                _draft_keep(wizard)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _go(wizard, "consents")
    return _show(wizard, "profile", {"form": form}, 400 if form.is_bound else 200)


def _draft_keep(wizard: Wizard) -> None:
    draft = wizard.draft
    assert draft is not None
    wizard.draft = services.application_draft_change(
        application=draft,
        actor=wizard.user,
        category=draft.category,
        planned_arrival=draft.planned_arrival,
        planned_departure=draft.planned_departure,
    )


def _step_consents(wizard: Wizard) -> HttpResponse:
    request = wizard.request
    if wizard.profile is None:
        return _go(wizard, "profile")
    initial = {
        f"consent_{purpose}": services.consent_in_force(user=request.user, purpose=purpose)
        for purpose in Consent.Purpose.values
    }
    form = forms.ConsentsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.consents_set(user=request.user, given=form.consents())
        return _go(wizard, "programme")
    return _show(wizard, "consents", {"form": form}, 400 if form.is_bound else 200)


def _step_programme(wizard: Wizard) -> HttpResponse:
    request, draft = wizard.request, wizard.draft
    if wizard.first_open_step() in BEFORE_DRAFT:
        return _go(wizard, wizard.first_open_step())
    initial = {}
    if draft is not None:
        fields = ("category", "planned_arrival", "planned_departure")
        initial = {name: getattr(draft, name) for name in fields}
    form = forms.ApplyForm(
        _posted(request),
        initial=initial,
        host_id=wizard.intake.host_id,
        nomination=draft is None,  # named when the draft starts; later by the office
    )
    if request.method == "POST" and form.is_valid():
        try:
            if draft is None:
                wizard.draft = services.application_create(
                    applicant=request.user, intake=wizard.intake, **form.cleaned_data
                )
            else:
                wizard.draft = services.application_draft_change(
                    application=draft, actor=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _go(wizard, "documents")
    return _show(wizard, "programme", {"form": form}, 400 if form.is_bound else 200)


def _documents_context(wizard: Wizard, failed: int | None = None, form=None) -> dict:
    assert wizard.draft is not None
    return {
        "documents": list(wizard.draft.documents.defer("content").order_by("kind")),
        "upload_form": forms.UploadForm(),
        "failed": failed,
        "failed_form": form,
        "health_consent": services.consent_in_force(
            user=wizard.user, purpose=Consent.Purpose.HEALTH_DATA
        ),
    }


def _step_documents(wizard: Wizard) -> HttpResponse:
    # Files are posted one by one to `wizard_upload`; "next" is a link to the review.
    return _show(wizard, "documents", _documents_context(wizard))


def _review_context(wizard: Wizard) -> dict:
    draft = wizard.draft
    assert draft is not None
    documents = list(draft.documents.defer("content").order_by("kind"))
    return {
        "profile": wizard.profile,
        "consents": {
            purpose: services.consent_in_force(user=wizard.user, purpose=purpose)
            for purpose in Consent.Purpose.values
        },
        "documents": documents,
        "missing": [document for document in documents if not document.size],
        "warning": services.passport_warning(draft),
    }


def _step_review(wizard: Wizard) -> HttpResponse:
    """The whole draft to read over; submitting is the case's move to "submitted", with its
    preconditions (consent, a passport valid at arrival)."""
    draft = wizard.draft
    assert draft is not None
    if wizard.request.method != "POST":
        return _show(wizard, "review", _review_context(wizard))
    errors: list[str] = []
    try:
        services.application_move(application=draft, to=Stage.SUBMITTED, actor=wizard.user)
    except ValidationError as error:
        errors = [str(message) for message in error.messages]
    except services.MoveNotAllowed as refused:
        errors = [str(refused)]
    else:
        url = reverse("mobility:application", args=[draft.pk])
        if wizard.request.htmx:
            response = HttpResponse(status=200)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    return _show(wizard, "review", {**_review_context(wizard), "errors": errors}, 400)


HANDLERS = {
    "profile": _step_profile,
    "consents": _step_consents,
    "programme": _step_programme,
    "documents": _step_documents,
    "review": _step_review,
}


@login_required
def start(request: AuthenticatedHttpRequest, intake_id: int) -> HttpResponse:
    """The wizard of an intake: its step 3 (which starts the draft), once the profile and the
    consent are given; a draft already started is taken up where it stands."""
    intake = selectors.access_intake(user=request.user, intake_id=intake_id)
    draft = _own_draft(request.user, intake)
    if draft is not None:
        return _go(Wizard(request, intake, draft), "documents")
    return _step_programme(Wizard(request, intake))


@login_required
def intake_step(request: AuthenticatedHttpRequest, intake_id: int, step: str) -> HttpResponse:
    """Steps 1 and 2 before the draft exists (with a draft: the draft's own step)."""
    intake = selectors.access_intake(user=request.user, intake_id=intake_id)
    if step not in BEFORE_DRAFT:
        raise Http404
    draft = _own_draft(request.user, intake)
    if draft is not None:
        return _go(Wizard(request, intake, draft), step)
    return HANDLERS[step](Wizard(request, intake))


@login_required
def draft_step(request: AuthenticatedHttpRequest, application_id: int, step: str) -> HttpResponse:
    wizard = _draft_wizard(request, application_id)
    if step not in HANDLERS:
        raise Http404
    assert wizard.draft is not None
    if wizard.draft.stage != Stage.DRAFT:  # submitted: its status page
        return redirect("mobility:application", wizard.draft.pk)
    return HANDLERS[step](wizard)


@login_required
@require_POST
def draft_upload(
    request: AuthenticatedHttpRequest, application_id: int, document_id: int
) -> HttpResponse:
    """Step 4: a file for one line of the checklist, by the document upload service."""
    wizard = _draft_wizard(request, application_id)
    assert wizard.draft is not None
    if wizard.draft.stage != Stage.DRAFT:
        return redirect("mobility:application", wizard.draft.pk)
    document = selectors.access_document(
        user=request.user, application_id=application_id, document_id=document_id
    )
    form = upload_to(request, document)
    if form is None:
        return _go(wizard, "documents")
    context = _documents_context(wizard, failed=document.pk, form=form)
    return _show(wizard, "documents", context, 400)
