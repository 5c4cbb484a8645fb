"""What goes wrong with an IIA: by field (the checks before an export) or by line and element."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True, slots=True)
class IiaProblem:
    field: str  # an EWP element path ("iia[1].partner[2].hei-id") or an element's name
    message: str
    line: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.field}: {self.message}"
        return _("line %(line)s, element %(element)s: %(message)s") % {
            "line": self.line,
            "element": self.field,
            "message": self.message,
        }


class IiaError(ValueError):
    """An IIA that may not be sent, or a file that imports nothing; `problems` says why."""

    def __init__(self, problems: list[IiaProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))
