"""The demo's quality records: two more experts, ten demo products reviewed (one with a
divergence and a third review), learners' feedback on six runs (four with five answers or
more), employers' feedback on three accepted offers (made through matching's services when
the demo has none) and on the three orders members bought in the sales demo (by the buyer's
staff). Scores come from a fixed seed; idempotent: a product already reviewed, a run already
answered and an offer or order already rated are left alone."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from edcluster.accounts.models import User
from edcluster.catalog.models import Offering, Product
from edcluster.core.demo import DemoOptions, Seeded
from edcluster.demand.models import DemandRequest
from edcluster.matching.models import Offer
from edcluster.matching.services.offers import offer_decide, offer_make
from edcluster.quality import services
from edcluster.quality.models import (
    QUESTIONS,
    Criterion,
    EmployerFeedback,
    FeedbackLink,
    ReviewAssignment,
)
from edcluster.sales.models import Order
from edcluster.sales.selectors import ORDER_DONE

DEMO_PASSWORD = "tomsk-demo-2026"  # the organizations seeder's, for the experts added here
EXPERTS = [
    ("expert@edcluster.example", "Эдуард", "Экспертов"),
    ("expert2@edcluster.example", "Елена", "Рецензентова"),
    ("expert3@edcluster.example", "Тимур", "Третьяков"),
]
COMMENTS = [
    "Много практики, преподаватели из отрасли.",
    "Хотелось бы больше заданий на реальных данных.",
    "Полезно для работы, рекомендую коллегам.",
    "",
]


def _experts() -> list[User]:
    found = []
    for email, first, last in EXPERTS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, DEMO_PASSWORD, first_name=first, last_name=last, is_expert=True
        )
        found.append(user)
    return found


def _products() -> list[Product]:
    published = Product.objects.filter(
        status=Product.Status.PUBLISHED, source_system="demo-catalog"
    ).order_by("pk")
    return list(published[:10])


def _scores(rng: random.Random, base: int) -> dict[str, dict]:
    return {
        code: {"score": max(1, min(5, base + rng.choice((-1, 0, 0, 1)))), "comment": ""}
        for code in Criterion.Code.values
    }


def _review(assignment: ReviewAssignment, scores: dict, recommendation: str) -> None:
    services.review_submit(
        assignment=assignment,
        actor=assignment.expert,
        scores=scores,
        recommendation=recommendation,
        comment="Демонстрационная рецензия.",
        no_conflict=True,
    )


def _reviews_seed(rng: random.Random, operator: User | None, cycle: int) -> int:
    first, second, third = _experts()
    due = timezone.localdate() + timedelta(days=30)
    reviewed = 0
    for position, product in enumerate(_products()):
        if ReviewAssignment.objects.filter(product=product, cycle=cycle).exists():
            continue
        base = 3 + position % 3
        one, two = (
            services.assignment_create(
                product=product, expert=expert, cycle=cycle, due_on=due, actor=operator
            )
            for expert in (first, second)
        )
        scores = _scores(rng, base)
        _review(one, scores, "endorse" if base >= 4 else "improve")
        other = _scores(rng, base)
        if position == 0:  # the demo's divergence: relevance 2 points apart, a third expert
            other["relevance"]["score"] = 5 if scores["relevance"]["score"] <= 3 else 1
        _review(two, other, "endorse" if base >= 4 else "improve")
        if position == 0:
            third_one = services.assignment_create(
                product=product, expert=third, cycle=cycle, due_on=due, actor=operator
            )
            _review(third_one, _scores(rng, base), "improve")
        reviewed += 1
    return reviewed


def _learners_seed(rng: random.Random, operator: User | None) -> int:
    runs = list(
        Offering.objects.filter(product__in=_products(), cancelled_at__isnull=True).order_by("pk")[
            :6
        ]
    )
    answered = 0
    for position, run in enumerate(runs):
        if FeedbackLink.objects.filter(offering=run).exists():
            continue
        count = (7, 5, 9, 6, 2, 3)[position]
        links = services.links_create(offering=run, actor=operator, count=count + 2)
        for link in links[:count]:
            mood = rng.choice((3, 4, 4, 5, 5))
            answers = {name: max(1, min(5, mood + rng.choice((-1, 0, 0)))) for name in QUESTIONS}
            services.answer_give(link=link, answers=answers, comment=rng.choice(COMMENTS))
            answered += 1
    return answered


def _accepted_offers(operator: User | None) -> list[Offer]:
    accepted = list(Offer.objects.filter(status=Offer.Status.ACCEPTED).order_by("pk")[:3])
    if len(accepted) >= 3 or operator is None:
        return accepted
    requests = DemandRequest.objects.filter(status=DemandRequest.Status.OPEN).order_by("pk")
    for request, product in zip(requests, _products()[3:], strict=False):
        if len(accepted) >= 3:
            break
        if Offer.objects.filter(request=request, product=product).exists():
            continue
        made = offer_make(
            request=request,
            product=product,
            actor=operator,
            answer="Группа под ваш запрос, удобные даты. (Демонстрационная запись.)",
        )
        accepted.append(offer_decide(offer=made, actor=operator, accept=True))
    return accepted


def _employers_seed(rng: random.Random, operator: User | None) -> int:
    rated = 0
    for offer in _accepted_offers(operator):
        if EmployerFeedback.objects.filter(offer=offer).exists():
            continue
        staff = User.objects.filter(memberships__organization=offer.request.organization).first()
        services.employer_feedback_give(
            offer=offer,
            actor=staff or operator,
            rating=rng.choice((4, 5)),
            comment="Сотрудники применяют навыки в работе. (Демонстрационная запись.)",
        )
        rated += 1
    return rated


def _orders_seed(rng: random.Random, operator: User | None) -> int:
    """The buyers' feedback on the sales demo's orders members bought and received."""
    rated = 0
    bought = Order.objects.filter(
        number__startswith="DEMO-M", buyer_organization__isnull=False, status__in=ORDER_DONE
    ).order_by("number")
    for order in bought[:3]:
        if EmployerFeedback.objects.filter(order=order).exists():
            continue
        staff = (
            User.objects.filter(memberships__organization=order.buyer_organization_id)
            .order_by("pk")
            .first()
        )
        if staff is None:
            continue
        services.order_feedback_give(
            order=order,
            actor=staff,
            rating=rng.choice((3, 4, 5)),
            comment="Обучение по заказу помогло команде. (Демонстрационная запись.)",
        )
        rated += 1
    return rated


@transaction.atomic
def seed(options: DemoOptions) -> Seeded:
    rng = random.Random(21)
    operator = User.objects.filter(email="operator@edcluster.example").first()
    cycle = timezone.localdate().year
    reviewed = _reviews_seed(rng, operator, cycle)
    answered = _learners_seed(rng, operator)
    rated = _employers_seed(rng, operator)
    orders = _orders_seed(rng, operator)
    indices = services.indices_recompute(cycle=cycle)
    lines = [f"Experts: {', '.join(email for email, _first, _last in EXPERTS)}"]
    return Seeded(
        summary=(
            f"quality: {reviewed} products reviewed, {answered} learners' answers, "
            f"{rated} employers' ratings of offers and {orders} of orders, {indices} indices"
        ),
        lines=lines if options.logins else [],
    )
