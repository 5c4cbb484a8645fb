"""Printable letters of an accepted case (issue 20): the acceptance letter and the invitation
support letter, as HTML with print CSS (no PDF library), in English or Russian as the reader
chooses (`?lang=`), for the applicant, the host's staff and operators; each print audited."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.mobility import selectors, services

LANGUAGES = ("en", "ru")


@login_required
def letter(request: AuthenticatedHttpRequest, application_id: int, kind: str) -> HttpResponse:
    application = selectors.access_application(user=request.user, application_id=application_id)
    visa_free = str(application.citizenship) in selectors.visa_free_codes()
    if kind not in selectors.letters_of(
        user=request.user, application=application, visa_free=visa_free
    ):
        raise Http404
    asked = request.GET.get("lang", "")
    language = asked if asked in LANGUAGES else (translation.get_language() or "en")[:2]
    services.letter_issue(application=application, actor=request.user, kind=kind, language=language)
    profile = getattr(application.applicant, "applicant_profile", None)
    context = {
        "application": application,
        "profile": profile,
        "kind": kind,
        "language": language,
        "other_language": "ru" if language == "en" else "en",
        "today": timezone.localdate(),
    }
    with translation.override(language):
        body = render_to_string("mobility/letter.html", context, request=request)
    response = HttpResponse(body)
    response["Cache-Control"] = "no-store"
    return response
