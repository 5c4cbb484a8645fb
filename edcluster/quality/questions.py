"""The learners' four questions, in the reader's language."""

from django.utils.translation import gettext as _

from edcluster.quality.models import QUESTIONS


def questions() -> list[tuple[str, str]]:
    texts = {
        "content": _("The content was what I needed."),
        "teaching": _("The teaching was clear."),
        "usefulness": _("I can use what I learnt at work or in my studies."),
        "organisation": _("The course was well organised."),
    }
    return [(name, texts[name]) for name in QUESTIONS]
