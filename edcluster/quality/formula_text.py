"""The index's formula as a reader reads it on a page: in words, with the product's numbers
written in the page's language (a decimal comma in Russian), and the scales stated: scores
1–5, components 0–1, the index 0–100. The API keeps the compact formula (formula.py)."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from edcluster.quality.models import QualityIndex


def shown(value) -> str:
    """A number as the page's language writes it, without trailing zeros ("0,78", "4,064")."""
    return number_format(Decimal(str(value)).normalize(), use_l10n=True)


def component_names() -> dict[str, str]:
    return {"expert": _("experts"), "learner": _("learners"), "employer": _("employers")}


def _expert_line(index: QualityIndex, scores: list[str]) -> str:
    total = sum((Decimal(score) for score in scores), Decimal(0))
    mean = (total / len(scores)).quantize(Decimal("0.001"))
    return _(
        "Experts: the mean of the reviews' weighted scores (out of 5) is (%(scores)s) / "
        "%(count)s = %(mean)s; as a share of the scale, (%(mean)s − 1) / 4 = %(share)s."
    ) % {
        "scores": " + ".join(shown(score) for score in scores),
        "count": len(scores),
        "mean": shown(mean),
        "share": shown(index.expert),
    }


def _ratings_line(label: str, found: dict, share) -> str:
    return _(
        "%(who)s: %(n)s ratings with a mean of %(mean)s out of 5, drawn towards the cluster's "
        "mean %(cluster)s as if by m = %(m)s more ratings: (%(n)s × %(mean)s + %(m)s × "
        "%(cluster)s) / (%(n)s + %(m)s) = %(shrunk)s; as a share of the scale, "
        "(%(shrunk)s − 1) / 4 = %(share)s."
    ) % {
        "who": label,
        "n": found["n"],
        "m": found["m"],
        "mean": shown(found["mean"]),
        "cluster": shown(found["cluster"]),
        "shrunk": shown(found["shrunk"]),
        "share": shown(share),
    }


def index_explained(index: QualityIndex) -> dict:
    """The page's formula: a line in words per component present, then the index's sum."""
    inputs = index.inputs or {}
    names = component_names()
    lines = []
    scores = inputs.get("expert_scores") or []
    if index.expert is not None and scores:
        lines.append(_expert_line(index, scores))
    for name, key in (("learner", "learners"), ("employer", "employers")):
        found = inputs.get(key)
        if found and getattr(index, name) is not None:
            lines.append(_ratings_line(names[name].capitalize(), found, getattr(index, name)))
    if index.value is None:
        return {"enough": False, "lines": lines, "text": _("not enough data")}
    weights = inputs.get("weights", {})
    present = [(name, getattr(index, name)) for name in names if getattr(index, name) is not None]
    terms = " + ".join(
        f"{shown(weights[name])} × {names[name]} {shown(value)}" for name, value in present
    )
    total = " + ".join(shown(weights[name]) for name, _value in present)
    if len(present) > 1:
        total = f"({total})"
    text = _("Quality index = 100 × (%(terms)s) / %(weights)s = %(value)s out of 100") % {
        "terms": terms,
        "weights": total,
        "value": number_format(index.value, decimal_pos=1, use_l10n=True),
    }
    return {"enough": True, "lines": lines, "text": text}
