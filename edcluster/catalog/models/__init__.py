"""The catalog's models: products and what belongs to them (products), their search index
(search), and the imports that bring them in (imports, runs of the kernel in core.runs)."""

from edcluster.catalog.models.imports import ImportRun
from edcluster.catalog.models.products import (
    AVAILABILITY_LABELS,
    CURRENCY_CODE,
    LANGUAGE_CODE,
    LANGUAGE_PATTERN,
    Framework,
    FrameworkItem,
    LearningOutcome,
    Market,
    Offering,
    Product,
    ProductOwner,
    ProductRemoval,
    StageChange,
)
from edcluster.catalog.models.revisions import ProductRevision
from edcluster.catalog.models.search import SearchPosting, SearchWord, SearchWordVariant, TermField

__all__ = [
    "AVAILABILITY_LABELS",
    "CURRENCY_CODE",
    "LANGUAGE_CODE",
    "LANGUAGE_PATTERN",
    "Framework",
    "FrameworkItem",
    "ImportRun",
    "LearningOutcome",
    "Market",
    "Offering",
    "Product",
    "ProductOwner",
    "ProductRemoval",
    "ProductRevision",
    "SearchPosting",
    "SearchWord",
    "SearchWordVariant",
    "StageChange",
    "TermField",
]
