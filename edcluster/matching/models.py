"""The supply side of matching: which ESCO skills each product teaches.

The extractor links a product's learning outcomes to skills (score and the outcome as evidence);
the product's editors confirm, remove or add skills. A removed skill stays recorded as removed,
so that extracting again (the outcomes changed) does not bring it back; confirmed and added
skills stay whatever the extractor finds next time."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edcluster.catalog.models import LearningOutcome, Offering, Product
from edcluster.core.models import TimeStampedModel, in_language
from edcluster.skills.models import Skill


class ProductSkill(models.Model):
    class Origin(models.TextChoices):
        EXTRACTOR = "extractor", _("found in the learning outcomes")
        EDITOR = "editor", _("added by an editor")

    class Decision(models.TextChoices):
        NONE = "", _("not reviewed")
        CONFIRMED = "confirmed", _("confirmed")
        REMOVED = "removed", _("removed")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    origin = models.CharField(_("origin"), max_length=9, choices=Origin.choices)
    decision = models.CharField(
        _("decision"), max_length=9, choices=Decision.choices, blank=True, default=""
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    outcome = models.ForeignKey(
        LearningOutcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.CharField(_("evidence"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("skill taught")
        verbose_name_plural = _("skills taught")
        constraints = [
            models.UniqueConstraint(fields=["product", "skill"], name="matching_product_skill")
        ]
        # the products teaching a skill (coverage reads skills → products from it alone)
        indexes = [
            models.Index(fields=["skill", "product", "decision"], name="matching_skill_products")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} → {self.skill_id} ({self.origin}/{self.decision or '-'})"

    @property
    def active(self) -> bool:
        return self.decision != self.Decision.REMOVED


class ProductLinking(models.Model):
    """What a product's skills were last extracted from (a key of its outcomes), so that
    `matching_recompute` extracts again only where the outcomes changed."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="+")
    outcomes_key = models.BigIntegerField()
    linked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.product_id} linked {self.linked_at:%Y-%m-%d %H:%M}"


class Proposal(models.Model):
    """A new product proposed from a market gap: the skills it would teach, draft learning
    outcomes, the employers whose demand it answers, and a suggested consortium. Proposed →
    accepted (a draft product at stage "idea", co-owned by the chosen members) or declined."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    region = models.CharField(_("region"), max_length=200, blank=True)
    start = models.DateField(_("demand from"))
    end = models.DateField(_("demand to"))
    group = models.CharField(_("skill group"), max_length=200, blank=True)
    outcomes = models.JSONField(_("draft learning outcomes"), default=list)
    employers = models.JSONField(_("employers whose demand it answers"), default=list)
    consortium = models.JSONField(_("suggested consortium"), default=list)
    skills = models.ManyToManyField(Skill, related_name="+", verbose_name=_("target skills"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PROPOSED
    )
    reason = models.TextField(_("reason for declining"), max_length=5000, blank=True)
    product = models.ForeignKey(
        Product,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("product created"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("product proposal")
        verbose_name_plural = _("product proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One waiting proposal per skill group and region: a twin would stay open after
            # the first is accepted (`proposal_draft` says so before this refuses).
            models.UniqueConstraint(
                fields=["group", "region"],
                condition=models.Q(status="proposed"),
                name="matching_one_waiting_proposal",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ru, self.title_en)

    def consortium_in_language(self) -> list[dict]:
        """The suggested consortium with its names in the reader's language, the other as
        fallback: `name`, and each reason's `skill`, `via` and `product` (stored in both
        languages; a proposal drafted before stored one language, which stays as it is)."""

        def chosen(item: dict, *keys: str) -> dict:
            return item | {
                key: in_language(item.get(f"{key}_ru", ""), item.get(f"{key}_en", ""))
                or item.get(key, "")
                for key in keys
            }

        return [
            chosen(member, "name")
            | {"reasons": [chosen(r, "skill", "via", "product") for r in member["reasons"]]}
            for member in self.consortium
        ]


class Offer(TimeStampedModel):
    """A product put forward for an employer's request: the employer asks an owner for an offer
    (or a member responds with its product unasked), the owner offers its terms or declines,
    and the employer accepts the offer or does not take it. One per request and product; a
    declined or untaken one can be asked or offered again."""

    class Status(models.TextChoices):
        ASKED = "asked", _("offer asked for")
        OFFERED = "offered", _("offered")
        DECLINED = "declined", _("declined by the owner")
        ACCEPTED = "accepted", _("accepted by the employer")
        NOT_TAKEN = "not_taken", _("not taken by the employer")

    request = models.ForeignKey(
        "demand.DemandRequest",
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("request"),
    )
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("offered by"),
    )
    status = models.CharField(_("status"), max_length=9, choices=Status.choices)
    score = models.FloatField(_("coverage"), null=True, blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("asked"), null=True, blank=True)
    question = models.TextField(_("message to the owner"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(
        _("offer"),
        max_length=5000,
        blank=True,
        help_text=_("What you offer (groups, dates, price, adaptation), or why you decline."),
    )
    offering = models.ForeignKey(
        Offering,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("run offered"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("employer's note"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "product"], name="matching_offer_once")
        ]
        indexes = [models.Index(fields=["organization", "status"], name="matching_offer_owner")]

    def __str__(self) -> str:
        return f"{self.request_id} ← {self.product_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.ASKED, self.Status.OFFERED)


class ProductDemand(models.Model):
    """How many job postings of a window (the 12 months to the latest month with postings) ask
    for at least one skill the product teaches, in one region (or in all: ALL_REGIONS)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    region = models.CharField(max_length=200, blank=True)
    postings = models.PositiveIntegerField()
    start = models.DateField()
    end = models.DateField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "region"], name="matching_product_demand")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.region or '-'}: {self.postings}"
