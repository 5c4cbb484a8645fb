"""The quality API's schemas."""

from datetime import date, datetime

from ninja import Field, Schema

from edcluster.core.api import In


class CriterionIn(In):
    code: str = Field(..., max_length=20)
    weight: float = Field(..., gt=0, le=10)
    descriptors_ru: list[str] = Field(..., min_length=5, max_length=5)
    descriptors_en: list[str] = Field(..., min_length=5, max_length=5)


class CriteriaSetIn(In):
    note: str = Field("", max_length=2000)
    criteria: list[CriterionIn] = Field(..., min_length=1, max_length=10)


class CriterionOut(Schema):
    code: str
    title: str
    weight: float
    descriptors_ru: list[str]
    descriptors_en: list[str]


class CriteriaSetOut(Schema):
    version: int
    note: str
    created_at: datetime
    criteria: list[CriterionOut]


class AssignmentIn(In):
    product: str = Field(..., min_length=1, max_length=100, description="The product's slug")
    expert: int = Field(..., ge=1, le=2**31 - 1, description="The expert's user id")
    cycle: int | None = Field(None, ge=2000, le=2100)
    due_on: date


class AssignmentOut(Schema):
    id: int
    product: str = Field(..., alias="product.slug")
    expert: int = Field(..., alias="expert_id")
    cycle: int
    due_on: date
    is_third: bool
    status: str


class ScoreIn(In):
    score: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=5000)


class ReviewIn(In):
    assignment: int = Field(..., ge=1, le=2**31 - 1)
    scores: dict[str, ScoreIn]
    recommendation: str = Field(..., max_length=10)
    comment: str = Field("", max_length=10_000)
    no_conflict: bool = Field(..., description="The expert declares no conflict of interest")


class ScoreOut(Schema):
    criterion: str = Field(..., alias="criterion.code")
    score: int
    comment: str


class ReviewOut(Schema):
    id: int
    assignment: int = Field(..., alias="assignment_id")
    product: str = Field(..., alias="assignment.product.slug")
    cycle: int = Field(..., alias="assignment.cycle")
    criteria_version: int = Field(..., alias="criteria_set.version")
    recommendation: str
    comment: str
    weighted_score: float
    submitted_at: datetime
    scores: list[ScoreOut]


class QuestionOut(Schema):
    name: str
    text: str


class FeedbackFormOut(Schema):
    product: str
    starts_on: date
    ends_on: date
    questions: list[QuestionOut]


class AnswerIn(In):
    content: int = Field(..., ge=1, le=5)
    teaching: int = Field(..., ge=1, le=5)
    usefulness: int = Field(..., ge=1, le=5)
    organisation: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=5000)


class ThanksOut(Schema):
    detail: str


class LinksIn(In):
    count: int = Field(..., ge=1, le=500)


class LinkOut(Schema):
    token: str
    url: str


class ResultsOut(Schema):
    count: int
    shown: bool
    minimum: int
    means: dict[str, float] | None = None
    rating: float | None = None
    comments: list[str] = []


class EmployerFeedbackIn(In):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=5000)


class EmployerFeedbackOut(Schema):
    offer: int = Field(..., alias="offer_id")
    product: str = Field(..., alias="product.slug")
    rating: int
    comment: str
    created_at: datetime


class OrderFeedbackOut(Schema):
    order: int
    products: list[str]
    rating: int
    comment: str
    created_at: datetime


class IndexOut(Schema):
    product: str
    cycle: int | None
    value: float | None
    enough_data: bool
    formula: str
    lines: list[str]
    components: dict[str, float | None]
    inputs: dict
