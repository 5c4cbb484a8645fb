"""schema.org JSON-LD for a product (release 30.0):
programmes are EducationalOccupationalProgram, courses and modules Course with CourseInstance,
standards, technologies and concepts CreativeWork; prices are Offers."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from edcluster.catalog.models import Offering, Product

PROGRAMMES = {"bachelor", "master", "phd", "retraining", "upskilling"}
COURSES = {"short_course", "mooc", "module"}
COURSE_MODE = {"on_site": "onsite", "online": "online", "blended": "blended"}
# The characters json_script escapes, so the JSON cannot close the <script> element early.
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _texts(russian: str, english: str) -> list[dict] | None:
    values = [
        {"@value": text, "@language": language}
        for text, language in ((russian, "ru"), (english, "en"))
        if text
    ]
    return values or None


def _provider(organization) -> dict:
    provider = {"@type": "Organization", "name": organization.name_en or organization.name_ru}
    if organization.website:
        provider["url"] = organization.website
    return provider


def _instance(offering: Offering) -> dict:
    instance: dict = {
        "@type": "CourseInstance",
        "startDate": offering.starts_on.isoformat(),
        "endDate": offering.ends_on.isoformat(),
        "courseMode": "online" if offering.is_online else "onsite",
    }
    if offering.place:
        instance["location"] = offering.place
    if offering.language:
        instance["inLanguage"] = offering.language
    if offering.enrolment_url:
        instance["url"] = offering.enrolment_url
    if offering.cancelled_at is not None:
        instance["eventStatus"] = "https://schema.org/EventCancelled"
    return instance


def product_to_schemaorg(product: Product, *, url: str) -> dict:
    """The product as one schema.org JSON-LD object."""
    if product.kind in PROGRAMMES:
        kind = "EducationalOccupationalProgram"
    elif product.kind in COURSES:
        kind = "Course"
    else:
        kind = "CreativeWork"
    data: dict = {
        "@context": "https://schema.org",
        "@type": kind,
        "@id": url,
        "url": url,
        "identifier": product.slug,
        "name": _texts(product.title_ru, product.title_en),
        "description": _texts(product.summary_ru, product.summary_en),
        "provider": [_provider(owner.organization) for owner in product.ownerships.all()],
        "inLanguage": product.languages or None,
        "teaches": [outcome.text for outcome in product.outcomes.all()] or None,
        "educationalLevel": f"EQF {product.eqf_level}" if product.eqf_level else None,
        "educationalCredentialAwarded": _texts(product.certificate_ru, product.certificate_en),
        "numberOfCredits": float(product.ects_credits) if product.ects_credits else None,
        "timeToComplete": (
            f"PT{product.duration_hours}H"
            if product.duration_hours
            else f"P{product.duration_months}M"
            if product.duration_months
            else None
        ),
    }
    if product.kind in PROGRAMMES:
        data["educationalProgramMode"] = COURSE_MODE.get(product.mode) or None
        data["programPrerequisites"] = _texts(
            product.entry_requirements_ru, product.entry_requirements_en
        )
    elif product.kind in COURSES:
        data["hasCourseInstance"] = [_instance(o) for o in product.offerings.all()] or None
    if product.is_free:
        data["offers"] = {"@type": "Offer", "price": 0, "category": "Free"}
    elif product.price is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": float(product.price),
            "priceCurrency": product.currency,
            "category": "Paid",
        }
    return {name: value for name, value in data.items() if value is not None}


def schemaorg_script(product: Product, *, url: str) -> SafeString:
    """The JSON-LD as a data block for the product page (not executed, so the CSP allows it)."""
    text = json.dumps(
        product_to_schemaorg(product, url=url), cls=DjangoJSONEncoder, ensure_ascii=False
    ).translate(ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
