"""The index's formula written out with a product's numbers, as the product page and the API
show it ("100 × (0.5·0.780 + 0.3·0.700) / 0.8 = 75.0")."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from edcluster.quality.models import QualityIndex

COMPONENTS = ("expert", "learner", "employer")


def number(value) -> str:
    """A decimal without trailing zeros beyond the point ("0.5", "10", "4.064")."""
    return format(Decimal(str(value)).normalize(), "f")


def _ratings_line(name: str, found: dict, share) -> str:
    return (
        f"B_{name} = (n·r̄ + m·C) / (n + m) = ({found['n']}·{number(found['mean'])} + "
        f"{found['m']}·{number(found['cluster'])}) / {found['n'] + found['m']} = "
        f"{number(found['shrunk'])};  S_{name} = ({number(found['shrunk'])} − 1) / 4 = "
        f"{number(share)}"
    )


def index_formula(index: QualityIndex) -> dict:
    """The index's formula with its numbers, a line per component, and n and m."""
    inputs = index.inputs or {}
    weights = inputs.get("weights", {})
    present = [
        (name, getattr(index, name)) for name in COMPONENTS if getattr(index, name) is not None
    ]
    lines = []
    scores = inputs.get("expert_scores") or []
    if index.expert is not None and scores:
        mean = (sum((Decimal(score) for score in scores), Decimal(0)) / len(scores)).quantize(
            Decimal("0.001"), ROUND_HALF_UP
        )
        written = " + ".join(number(score) for score in scores)
        lines.append(
            f"S_expert = (({written}) / {len(scores)} − 1) / 4 = ({number(mean)} − 1) / 4 = "
            f"{number(index.expert)}"
        )
    for name, key in (("learner", "learners"), ("employer", "employers")):
        found = inputs.get(key)
        if found and getattr(index, name) is not None:
            lines.append(_ratings_line(name, found, getattr(index, name)))
    learners = inputs.get("learners") or {}
    if index.value is None:
        return {"enough": False, "text": _("not enough data"), "lines": lines, "learners": learners}
    terms = " + ".join(f"{number(weights[name])}·{number(value)}" for name, value in present)
    total = sum(Decimal(weights[name]) for name, _value in present)
    return {
        "enough": True,
        "text": f"100 × ({terms}) / {number(total)} = {index.value}",
        "lines": lines,
        "learners": learners,
        "employers": inputs.get("employers") or {},
    }
