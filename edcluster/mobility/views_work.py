"""What the case page shows besides the moves: messages, the nomination form, the reviewer's
scores, the deletion of an ended case (the handlers are in `views_case`), and the stay's
bed and buddy (handled in `views_stay`)."""

from typing import Any

from edcluster.mobility import forms, forms_stay, selectors, services
from edcluster.mobility.models import Accommodation, Application, BuddyMatch, Criterion, Score
from edcluster.mobility.pipeline import CLOSED


def case_work_context(request, application: Application, *, office: bool, bound: dict) -> dict:
    """The case page's parts for messages, nomination, scoring and deletion."""
    user = request.user
    reviewer = selectors.reviews_intake(user=user, intake_id=application.intake_id)
    criteria = list(Criterion.objects.filter(intake_id=application.intake_id)) if reviewer else []
    mine = {
        score.criterion_id: score.value
        for score in Score.objects.filter(application=application, reviewer_id=user.pk)
    }
    nominate_form = None
    if office and application.stage not in CLOSED:
        nominate_form = bound.get("nominate") or forms.NominateForm(host_id=application.host_id)
        field = nominate_form.fields["condition_id"]
        if len(getattr(field, "choices", [])) < 2:
            nominate_form = None  # no agreement sends to this host
    return {
        "messages_list": application.messages.select_related("author"),
        "can_message": selectors.may_act_on(user=user, application=application),
        "message_form": bound.get("message") or forms.MessageForm(),
        "nominate_form": nominate_form,
        "criteria": [(criterion, mine.get(criterion.pk)) for criterion in criteria],
        "score_errors": bound.get("score_errors", []),
        "erasable": application.applicant_id == user.pk and services.is_erasable(application),
        "letters": selectors.letters_of(
            user=user,
            application=application,
            visa_free=str(application.citizenship) in selectors.visa_free_codes(),
        ),
    }


def stay_context(request, application: Application, *, office: bool, bound: dict) -> dict:
    """The case page's accommodation and buddy: what the reader sees and the forms they use."""
    own = application.applicant_id == request.user.pk
    if not selectors.sees_stay(user=request.user, application=application):
        return {"stay_shown": False}
    accommodation = (
        Accommodation.objects.select_related("dormitory").filter(application=application).first()
    )
    match = BuddyMatch.objects.select_related("buddy__user").filter(application=application).first()
    open_to_stay = application.stage in selectors.STAY_STAGES
    context: dict[str, Any] = {
        "stay_shown": True,
        "accommodation": accommodation,
        "buddy_match": match,
        "stay_open": open_to_stay,
        "offer_form": None,
        "buddy_form": None,
        "answer_form": None,
    }
    if office and open_to_stay:
        dormitories = list(selectors.dormitories_of(host_id=application.host_id))
        if dormitories:
            context["offer_form"] = bound.get("offer") or forms_stay.OfferForm(
                dormitories=dormitories
            )
        suggestions = selectors.buddy_suggestions(application)
        context["buddy_suggestions"] = suggestions
        if suggestions or "buddy" in bound:
            context["buddy_form"] = bound.get("buddy") or forms_stay.BuddyForm(
                suggestions=suggestions
            )
    offered = accommodation and accommodation.status == Accommodation.Status.OFFERED
    if own and (offered or "answer" in bound):
        context["answer_form"] = bound.get("answer") or forms_stay.AnswerForm()
    return context
