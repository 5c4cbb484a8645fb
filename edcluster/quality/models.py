"""Quality of the cluster's products: the scoresheet experts review against (versioned), their
assignments and reviews, learners' answers through one-time links, employers' feedback on
accepted offers and delivered orders, and the quality index per product and cycle kept with
its inputs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

SCORES = (1, 2, 3, 4, 5)
# The four questions a learner answers (LearnerAnswer's fields).
QUESTIONS = ("content", "teaching", "usefulness", "organisation")


def score_check(field: str, name: str) -> models.CheckConstraint:
    """A score on the 1–5 scale, held by the database too."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}), name=name
    )


class CriteriaSet(models.Model):
    """One version of the scoresheet; the newest is the one reviews use. A version in use is
    never changed: operators' edits make the next version."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    note = models.TextField(_("what changed"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def __str__(self) -> str:
        return _("Scoresheet, version %(version)s") % {"version": self.version}


class Criterion(models.Model):
    """A criterion of a version: its weight and what each score 1–5 means, in both languages."""

    class Code(models.TextChoices):
        RELEVANCE = "relevance", _("relevance to labour-market demand")
        CONTENT = "content", _("content and learning outcomes")
        METHODS = "methods", _("methods and materials")
        STAFF = "staff", _("staff and resources")
        INTERNATIONAL = "international", _("international appeal")

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("version")
    )
    code = models.CharField(_("criterion"), max_length=13, choices=Code.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2)
    descriptors_ru = models.JSONField(_("scale descriptors (Russian)"), default=list)
    descriptors_en = models.JSONField(_("scale descriptors (English)"), default=list)

    class Meta:
        ordering = ["criteria_set", "position"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_once"),
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="quality_criterion_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_code_display())

    def descriptors(self) -> list[str]:
        """The descriptors of scores 1–5 in the reader's language (the other as a fallback)."""
        first, second = (
            (self.descriptors_ru, self.descriptors_en)
            if (get_language() or "ru").startswith("ru")
            else (self.descriptors_en, self.descriptors_ru)
        )
        return [a or b for a, b in zip(first, second, strict=False)]


class ReviewAssignment(models.Model):
    """An expert asked by an operator to review a product in a cycle (a year). Two per product
    and cycle; a third when the two differ by 2 points or more on a criterion."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        SUBMITTED = "submitted", pgettext_lazy("review", "submitted")

    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("expert"),
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"))
    due_on = models.DateField(_("due on"))
    is_third = models.BooleanField(_("third review"), default=False)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.ASSIGNED
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "expert", "cycle"], name="assignment_once_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.expert} · {self.cycle}"


class Review(models.Model):
    """An expert's submitted review: a score and comment per criterion of the version in use,
    a recommendation; never changed once submitted."""

    class Recommendation(models.TextChoices):
        ENDORSE = "endorse", _("endorse")
        IMPROVE = "improve", _("endorse after improvements")
        REJECT = "reject", _("do not endorse")

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.PROTECT, related_name="review"
    )
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    recommendation = models.CharField(
        _("recommendation"), max_length=7, choices=Recommendation.choices
    )
    comment = models.TextField(_("comment"), max_length=10_000, blank=True)
    no_conflict = models.BooleanField(_("declared no conflict of interest"), default=False)
    weighted_score = models.DecimalField(_("weighted score"), max_digits=4, decimal_places=3)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return str(self.assignment)


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), max_length=5000, blank=True)

    class Meta:
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once"),
            score_check("score", "review_score_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class FeedbackLink(models.Model):
    """A one-time link an owner hands to a learner of a run: one answer, then gone. The answer
    keeps no link to it, so the owner cannot tell who answered what."""

    offering = models.ForeignKey(
        "catalog.Offering", on_delete=models.CASCADE, related_name="+", verbose_name=_("offering")
    )
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback link")
        verbose_name_plural = _("feedback links")

    def __str__(self) -> str:
        return f"{self.offering_id}:{self.token[:6]}…"


class LearnerAnswer(models.Model):
    """A learner's anonymous answer: four 1–5 questions and a comment."""

    offering = models.ForeignKey(
        "catalog.Offering", on_delete=models.CASCADE, related_name="+", verbose_name=_("offering")
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    content = models.PositiveSmallIntegerField(_("the content was what I needed"))
    teaching = models.PositiveSmallIntegerField(_("the teaching was clear"))
    usefulness = models.PositiveSmallIntegerField(_("I can use what I learnt at work"))
    organisation = models.PositiveSmallIntegerField(_("the course was well organised"))
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    rating = models.DecimalField(_("rating"), max_digits=4, decimal_places=3)
    cycle = models.PositiveSmallIntegerField(_("cycle"))

    class Meta:
        verbose_name = _("learner's answer")
        verbose_name_plural = _("learners' answers")
        # Covering the index's sums: a cycle's ratings grouped by product (the nightly
        # recompute of every product) and one product's (each answer) read from the index.
        indexes = [models.Index(fields=["cycle", "product", "rating"])]
        constraints = [score_check(name, f"answer_{name}_scale") for name in QUESTIONS]

    def __str__(self) -> str:
        return f"{self.offering_id}: {self.rating}"


class EmployerFeedback(models.Model):
    """An employer's rating of training it accepted or bought, by the employer's staff: once per
    accepted offer (`offer`), or once per delivered order (`order`), exactly one of the two.
    An order with several products gets the same rating recorded once for each of its
    products (one row per order and product), so the index reads employers per product as it
    does for offers."""

    offer = models.OneToOneField(
        "matching.Offer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("offer"),
    )
    order = models.ForeignKey(
        "sales.Order",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("order"),
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"))
    created_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        verbose_name = _("employer's feedback")
        verbose_name_plural = _("employers' feedback")
        indexes = [models.Index(fields=["cycle", "product", "rating"])]
        constraints = [
            score_check("rating", "employer_rating_scale"),
            models.CheckConstraint(
                condition=Q(offer__isnull=False, order__isnull=True)
                | Q(offer__isnull=True, order__isnull=False),
                name="employer_feedback_offer_or_order",
            ),
            models.UniqueConstraint(
                fields=["order", "product"],
                condition=Q(order__isnull=False),
                name="employer_feedback_once_per_order_product",
            ),
        ]

    def __str__(self) -> str:
        source = f"offer {self.offer_id}" if self.offer_id else f"order {self.order_id}"
        return f"{source}: {self.rating}"


class RatingTotals(models.Model):
    """The cluster's count and sum of learners' and employers' ratings in a cycle, kept as they
    come: the C of every product's shrinkage, read on each answer without summing them all.
    `indices_recompute` sums them again from the answers."""

    cycle = models.PositiveSmallIntegerField(_("cycle"), unique=True)
    learner_count = models.PositiveIntegerField(default=0)
    learner_sum = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    employer_count = models.PositiveIntegerField(default=0)
    employer_sum = models.DecimalField(max_digits=14, decimal_places=3, default=0)

    class Meta:
        verbose_name = _("cluster's rating totals")
        verbose_name_plural = _("cluster's rating totals")

    def __str__(self) -> str:
        return str(self.cycle)


class QualityIndex(models.Model):
    """A product's index in a cycle with every input it was computed from (see
    services.index.index_compute); `value` is None while there is not enough data."""

    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"))
    value = models.DecimalField(_("quality index"), max_digits=4, decimal_places=1, null=True)
    expert = models.DecimalField(max_digits=5, decimal_places=4, null=True)
    learner = models.DecimalField(max_digits=5, decimal_places=4, null=True)
    employer = models.DecimalField(max_digits=5, decimal_places=4, null=True)
    inputs = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        ordering = ["-cycle"]
        verbose_name = _("quality index")
        verbose_name_plural = _("quality indices")
        constraints = [
            models.UniqueConstraint(fields=["product", "cycle"], name="index_once_per_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.cycle}: {self.value}"
