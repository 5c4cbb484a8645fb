"""Sales of the cluster's members: orders (contracts once signed) with their sellers' shares,
lines and dated status history, payments, the Bank of Russia's exchange rates, and the rollups
the reports read (one small table per report's key)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries
from django_countries.fields import CountryField

from edcluster.core.models import TimeStampedModel
from edcluster.sales.wording import place_text, quantity_text

CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    """Money rounded to kopecks (cents), halves up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


MONEY: dict = {"max_digits": 16, "decimal_places": 2}


class Flow(models.TextChoices):
    """Where a line's revenue goes, seen from the cluster's home region."""

    EXPORT_ABROAD = "export_abroad", _("export abroad")
    EXPORT_REGIONS = "export_regions", _("export to other regions")
    DOMESTIC = "domestic", _("domestic")
    IMPORT = "import", pgettext_lazy("flow of education", "import")


class Order(TimeStampedModel):
    """An order, a contract once signed: quote → signed → delivered → paid → closed, or
    cancelled (each change dated in `status_changes`)."""

    class Status(models.TextChoices):
        QUOTE = "quote", _("quote")
        SIGNED = "signed", _("signed")
        DELIVERED = "delivered", _("delivered")
        PAID = "paid", pgettext_lazy("order status", "paid")
        CLOSED = "closed", pgettext_lazy("order status", "closed")
        CANCELLED = "cancelled", _("cancelled")

    class BuyerKind(models.TextChoices):
        MEMBER = "member", _("an organization here")
        ORGANIZATION = "organization", _("an external organization")
        PERSON = "person", _("a person")

    number = models.CharField(_("number"), max_length=40, unique=True)
    buyer_kind = models.CharField(_("buyer"), max_length=12, choices=BuyerKind.choices)
    buyer_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="purchases",
        verbose_name=_("buying organization"),
    )
    buyer_name = models.CharField(_("buyer's name"), max_length=300)
    buyer_country = CountryField(_("buyer's country"))
    buyer_region = models.CharField(_("buyer's region"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.QUOTE
    )
    status_on = models.DateField(_("status since"), default=timezone.localdate)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    origin_offer = models.ForeignKey(
        "matching.Offer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("offer it came from"),
    )
    note = models.TextField(_("note"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(buyer_kind="member", buyer_organization__isnull=False)
                | (~Q(buyer_kind="member") & Q(buyer_organization__isnull=True)),
                name="sales_order_buyer_member_has_organization",
            ),
            models.CheckConstraint(
                condition=Q(status="quote") | Q(signed_on__isnull=False),
                name="sales_order_signed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.buyer_name}"

    @property
    def buyer_place(self) -> str:
        """Where the buyer is: a region of Russia, or abroad and where."""
        return place_text(str(self.buyer_country), self.buyer_region)

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.CLOSED, self.Status.CANCELLED)

    @property
    def counts(self) -> bool:
        """Whether the order is a contract whose lines count as contracted revenue."""
        return self.status not in (self.Status.QUOTE, self.Status.CANCELLED)


class Seller(models.Model):
    """A selling organization and its share of the order's revenue, in %."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="sellers")
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="sales",
        verbose_name=_("seller"),
    )
    share = models.DecimalField(
        _("share, %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")
        ordering = ["-share", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "organization"], name="sales_seller_once"),
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=100), name="sales_seller_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.share}%"


class Line(models.Model):
    """What an order sells: a product (at an offering), a quantity in a unit, a unit price."""

    class Unit(models.TextChoices):
        SEATS = "seats", _("seats")
        LEARNERS = "learners", _("learners")
        LICENCES = "licences", _("licences")
        HOURS = "hours", _("hours")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    offering = models.ForeignKey(
        "catalog.Offering",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("offering"),
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    unit_price = models.DecimalField(_("unit price"), validators=[MinValueValidator(0)], **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    flow = models.CharField(_("flow"), max_length=14, choices=Flow.choices, blank=True)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0, unit_price__gte=0), name="sales_line_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity} {self.unit}"

    @property
    def amount(self):
        return cents(self.quantity * self.unit_price)

    @property
    def quantity_text(self) -> str:
        """«11 часов», "2.5 hours": the quantity with its unit in the right plural."""
        return quantity_text(self.quantity, self.unit)


class StatusChange(models.Model):
    """One dated step of an order's status."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("from"), max_length=9, choices=Order.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=9, choices=Order.Status.choices)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("order status change")
        verbose_name_plural = _("order status history")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.order}: {self.from_status or '—'} → {self.to_status}"


class Payment(models.Model):
    """Money received for an order, on a date, in a currency."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(0)], **MONEY)
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="sales_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number}: {self.amount} {self.currency} ({self.paid_on})"


class ExchangeRate(models.Model):
    """Roubles per one unit of a currency on a date (the Bank of Russia's official rate)."""

    on = models.DateField(_("date"))
    currency = models.CharField(_("currency"), max_length=3)
    roubles = models.DecimalField(_("roubles per unit"), max_digits=18, decimal_places=8)
    source = models.CharField(_("source"), max_length=100, default="Bank of Russia")

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-on", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["on", "currency"], name="sales_rate_once_a_day"),
            models.CheckConstraint(condition=Q(roubles__gt=0), name="sales_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.on}: {self.roubles}"


ALL = 0  # `year` or `member` of a rollup row that sums every year or every member


class Sums(models.Model):
    """A rollup row's figures in roubles: contracted and received, and the counts of figures
    left out for want of an exchange rate. `member` is a selling member (its shares) or `ALL`
    (the whole cluster, for operators)."""

    member = models.IntegerField(_("selling member"), default=ALL)
    contracted = models.DecimalField(_("contracted, roubles"), default=0, **MONEY)
    contracted_missing = models.IntegerField(_("contracted figures without a rate"), default=0)
    received = models.DecimalField(_("received, roubles"), default=0, **MONEY)
    received_missing = models.IntegerField(_("received figures without a rate"), default=0)

    class Meta:
        abstract = True


class QuarterRollup(Sums):
    """Revenue by year, quarter and flow: the period, year, member and flow reports, the
    totals and the export share."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    flow = models.CharField(_("flow"), max_length=14, choices=Flow.choices)

    class Meta:
        verbose_name = _("sales rollup by quarter")
        verbose_name_plural = _("sales rollups by quarter")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "quarter", "flow"], name="sales_quarterrollup_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter} {self.flow} ({self.member or 'all'})"


class ProductRollup(Sums):
    """Revenue by year (or `ALL` years) and product: the product report."""

    year = models.PositiveSmallIntegerField(_("year"))
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )

    class Meta:
        verbose_name = _("sales rollup by product")
        verbose_name_plural = _("sales rollups by product")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "product"], name="sales_productrollup_key"
            ),
        ]
        # the product report's page: a member's (or the cluster's) products of a year, biggest
        # first, read in the index's order and stopped at the page
        indexes = [
            models.Index(
                fields=["member", "year", "-contracted", "product"], name="sales_product_top"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year or 'all'} {self.product_id} ({self.member or 'all'})"


class PlaceRollup(Sums):
    """Revenue by year, buyer's country and region, and flow: the country and region reports."""

    year = models.PositiveSmallIntegerField(_("year"))
    country = CountryField(_("buyer's country"))
    region = models.CharField(_("buyer's region"), max_length=120, blank=True)
    flow = models.CharField(_("flow"), max_length=14, choices=Flow.choices)

    class Meta:
        verbose_name = _("sales rollup by place")
        verbose_name_plural = _("sales rollups by place")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "country", "region", "flow"],
                name="sales_placerollup_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.country}:{self.region} {self.flow} ({self.member or 'all'})"


class BuyerRollup(models.Model):
    """The whole cluster's contracted revenue by year (or `ALL` years) and buyer: the top
    buyers. `contracted_missing` counts lines without a rate; `orders` the counting orders."""

    year = models.PositiveSmallIntegerField(_("year"))
    buyer_name = models.CharField(_("buyer's name"), max_length=300)
    buyer_country = CountryField(_("buyer's country"))
    buyer_region = models.CharField(_("buyer's region"), max_length=120, blank=True)
    contracted = models.DecimalField(_("contracted, roubles"), default=0, **MONEY)
    contracted_missing = models.IntegerField(_("contracted figures without a rate"), default=0)
    orders = models.IntegerField(_("orders"), default=0)

    class Meta:
        verbose_name = _("sales rollup by buyer")
        verbose_name_plural = _("sales rollups by buyer")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "buyer_name", "buyer_country", "buyer_region"],
                name="sales_buyerrollup_key",
            ),
        ]
        indexes = [models.Index(fields=["year", "-contracted"], name="sales_buyer_top")]

    def __str__(self) -> str:
        return f"{self.year or 'all'} {self.buyer_name}"


class Licence(TimeStampedModel):
    """A licence to replicate a product in a territory (countries, or regions of Russia) for a
    term: draft → active → ended, or cancelled. Activating one adds the product's markets."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("in effect")
        ENDED = "ended", pgettext_lazy("licence status", "ended")
        CANCELLED = "cancelled", _("cancelled")

    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    licensee_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licences",
        verbose_name=_("licensee (here)"),
    )
    licensee_name = models.CharField(_("licensee"), max_length=300)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    regions = models.JSONField(_("regions of Russia"), default=list, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    lump_sum = models.DecimalField(_("lump sum"), null=True, blank=True, **MONEY)
    per_learner = models.DecimalField(_("fee per learner"), null=True, blank=True, **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="RUB")
    learner_cap = models.PositiveIntegerField(_("learner cap"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="sales_licence_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} → {self.licensee_name}"

    @property
    def territory_text(self) -> str:
        """The countries by name, then the regions of Russia."""
        names = [str(countries.name(code) or code) for code in self.countries]
        return "; ".join(names + list(self.regions)) or "—"


class PublishedYear(models.Model):
    """A year's aggregates an operator published for the public page: the cluster's totals
    and export share, by quarter, flow and buyer's country, as they were when published
    (published again to bring them up to date). Nothing else of the sales is public."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    figures = models.JSONField(_("figures"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("published year of sales")
        verbose_name_plural = _("published years of sales")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class Document(models.Model):
    """A PDF of an order: its contract, an act of delivery, an invoice. Read by who reads the
    order, attached and removed by who changes it."""

    class Kind(models.TextChoices):
        CONTRACT = "contract", _("contract")
        ACT = "act", _("act of delivery")
        INVOICE = "invoice", _("invoice")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("order document")
        verbose_name_plural = _("order documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order.number}: {self.name}"
