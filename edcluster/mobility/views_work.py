"""What the case page shows besides the moves: messages, the nomination form, the reviewer's
scores and the deletion of an ended case (the handlers are in `views_case`)."""

from edcluster.mobility import forms, selectors, services
from edcluster.mobility.models import Application, Criterion, Score
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
