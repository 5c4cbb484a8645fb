"""The 409 of the partnerships API: a write the agreement's state forbids."""

import functools
from collections.abc import Callable

from ninja import Status

from edcluster.partnerships.services import AgreementConflict


def conflicts_409(view: Callable) -> Callable:
    """An AgreementConflict from the service becomes 409 with its message."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AgreementConflict as conflict:
            return Status(409, {"detail": " ".join(conflict.messages)})

    return answer
