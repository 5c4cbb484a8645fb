"""The 409 and 410 of the quality API."""

import functools
from collections.abc import Callable

from ninja import Status

from edcluster.quality.services import LinkUsed, QualityConflict


def refusals(view: Callable) -> Callable:
    """A QualityConflict becomes 409, a used link 410, each with its message."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LinkUsed as used:
            return Status(410, {"detail": " ".join(used.messages)})
        except QualityConflict as conflict:
            return Status(409, {"detail": " ".join(conflict.messages)})

    return answer
