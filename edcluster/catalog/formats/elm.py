"""European Learning Model v3: products as ELM learning opportunities (JSON-LD), both ways.

Export follows the LOQ application profile shapes in data/standards/elm-loq-v3 and
its controlled-vocabulary shapes (concepts carry their EU scheme). Import reads any JSON-LD
graph that uses the EDC context (mapped to the local copy: nothing is fetched) and turns each
LearningOpportunity into a row of the tabular layout, so it passes the same checks as CSV.
"""

import json
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_countries import countries
from rdflib import RDF, Graph, Namespace, URIRef

from edcluster.catalog.formats.spreadsheet import FileError, Rows, read_json
from edcluster.catalog.models import Offering, Product

CONTEXT_URL = "http://data.europa.eu/snb/model/context/edc-ap"
LANGUAGE_SCHEME = "http://publications.europa.eu/resource/authority/language"
COUNTRY_SCHEME = "http://publications.europa.eu/resource/authority/country"
CURRENCY_SCHEME = "http://publications.europa.eu/resource/authority/currency"
ISCED_F = "http://data.europa.eu/snb/isced-f/"
EQF = "http://data.europa.eu/snb/eqf/"
KIND_SCHEME = "urn:edcluster:product-kind"  # our own concepts: ELM has no list of these kinds
CREDIT_SCHEME = "http://data.europa.eu/snb/education-credit/25831c2"
ECTS = "http://data.europa.eu/snb/education-credit/6fcec5c5af"
# ISO 639-1 → the EU Languages authority list (ISO 639-2 based codes).
LANGUAGES = {
    "ru": "RUS",
    "en": "ENG",
    "zh": "ZHO",
    "de": "DEU",
    "fr": "FRA",
    "es": "SPA",
    "it": "ITA",
    "kk": "KAZ",
    "uz": "UZB",
    "ky": "KIR",
    "tg": "TGK",
    "mn": "MON",
    "ko": "KOR",
    "ja": "JPN",
    "vi": "VIE",
    "ar": "ARA",
    "pt": "POR",
    "tr": "TUR",
}
LANGUAGE_CODES = {value: key for key, value in LANGUAGES.items()}


def context_document() -> dict:
    path = Path(settings.DATA_DIR) / "standards" / "elm-loq-v3" / "edc-ap-context.jsonld"
    return json.loads(path.read_text(encoding="utf-8"))


def _english(label) -> str:
    with override("en"):
        return str(label)


def _texts(russian: str, english: str) -> dict[str, str]:
    return {language: text for language, text in (("ru", russian), ("en", english)) if text}


def _scheme(iri: str) -> dict:
    return {"@id": iri, "@type": "ConceptScheme"}


def _concept(iri: str, scheme: str, label: str = "", notation: str = "") -> dict:
    node: dict = {"@id": iri, "@type": "Concept", "inScheme": _scheme(scheme)}
    if label:
        node["prefLabel"] = {"en": label}
    if notation:
        node["notation"] = notation
    return node


def _note(base: str, russian: str, english: str) -> dict:
    return {"@id": base, "@type": "Note", "noteLiteral": _texts(russian, english)}


def _organisation(organization, site: str) -> dict:
    alpha3 = countries.alpha3(organization.country) or "RUS"
    url = f"{site}/organizations/{organization.slug}/"
    node = {
        "@id": url,
        "@type": "Organisation",
        "legalName": _texts(organization.name_ru, organization.name_en),
        "location": {
            "@id": f"{url}#location",
            "@type": "Location",
            "address": {
                "@id": f"{url}#address",
                "@type": "Address",
                "countryCode": _concept(f"{COUNTRY_SCHEME}/{alpha3}", COUNTRY_SCHEME),
            },
        },
    }
    if organization.website:
        node["homepage"] = _web(f"{url}#homepage", organization.website)
    return node


def _web(iri: str, url: str) -> dict:
    return {
        "@id": iri,
        "@type": "WebResource",
        "elm:contentUrl": {"@value": url, "@type": "xsd:anyURI"},
    }


def _period(iri: str, offering: Offering) -> dict:
    return {
        "@id": iri,
        "@type": "PeriodOfTime",
        "startDate": f"{offering.starts_on.isoformat()}T00:00:00",
        "endDate": f"{offering.ends_on.isoformat()}T00:00:00",
    }


def _specification(product: Product, iri: str) -> dict:
    languages = [code for code in product.languages if code in LANGUAGES]
    spec: dict = {
        "@id": iri,
        "@type": "LearningAchievementSpecification",
        "title": _texts(product.title_ru, product.title_en),
        "language": [
            _concept(f"{LANGUAGE_SCHEME}/{LANGUAGES[c]}", LANGUAGE_SCHEME) for c in languages
        ],
        "learningOutcome": [
            {
                "@id": f"{iri}/outcome/{outcome.position}",
                "@type": "LearningOutcome",
                "title": {outcome.language: outcome.text},
            }
            for outcome in product.outcomes.all()
        ],
    }
    spec = {key: value for key, value in spec.items() if value is not None}
    if not languages:
        del spec["language"]  # optional here; the opportunity still names its default language
    if product.field:
        code = product.field.code
        spec["elm:ISCEDFCode"] = [
            _concept(f"{ISCED_F}{code}", f"{ISCED_F}25831c2", product.field.name_en, code)
        ]
    if product.eqf_level:
        level = str(product.eqf_level)
        spec["educationLevel"] = [_concept(f"{EQF}{level}", f"{EQF}25831c2", f"EQF {level}", level)]
    if product.ects_credits is not None:
        spec["creditPoint"] = [
            {
                "@id": f"{iri}/credits",
                "@type": "CreditPoint",
                "framework": _concept(ECTS, CREDIT_SCHEME, "European Credit Transfer System"),
                "point": format(product.ects_credits.normalize(), "f"),
            }
        ]
    if product.duration_hours:
        spec["volumeOfLearning"] = f"PT{product.duration_hours}H"
    if product.summary_ru or product.summary_en:
        spec["learningOutcomeSummary"] = _note(
            f"{iri}/summary", product.summary_ru, product.summary_en
        )
    if product.entry_requirements_ru or product.entry_requirements_en:
        spec["entryRequirement"] = _note(
            f"{iri}/entry", product.entry_requirements_ru, product.entry_requirements_en
        )
    return spec


def _runs_not_cancelled(product: Product) -> list:
    """The product's dated runs that still take place (from the prefetched runs)."""
    return [
        run
        for run in product.offerings.all()
        if run.ends_on >= run.starts_on and run.cancelled_at is None
    ]


def opportunity(product: Product, *, site: str, source_system: str) -> dict:
    """One product as an ELM LearningOpportunity node (owners, outcomes and offerings
    prefetched by the caller)."""
    iri = f"{site}/catalog/{product.slug}/"
    owners = sorted(product.ownerships.all(), key=lambda owner: (owner.role != "lead", owner.pk))
    languages = [code for code in product.languages if code in LANGUAGES] or ["ru"]
    node: dict = {
        "@id": iri,
        "@type": "LearningOpportunity",
        "identifier": [
            {
                "@id": f"{iri}#id",
                "@type": "Identifier",
                "notation": product.external_id or product.slug,
                "elm:schemeName": product.source_system or source_system,
            }
        ],
        "title": _texts(product.title_ru, product.title_en),
        "dc:type": [
            _concept(
                f"{KIND_SCHEME}:{product.kind}",
                KIND_SCHEME,
                _english(Product.Kind(product.kind).label),
            )
        ],
        "homepage": [_web(f"{iri}#homepage", iri)],
        "providedBy": [_organisation(owner.organization, site) for owner in owners],
        "learningAchievementSpecification": _specification(product, f"{iri}#specification"),
        "elm:defaultLanguage": _concept(
            f"{LANGUAGE_SCHEME}/{LANGUAGES[languages[0]]}", LANGUAGE_SCHEME
        ),
        "dc:modified": {
            "@value": product.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "@type": "xsd:dateTime",
        },
    }
    if product.description_ru or product.description_en:
        node["description"] = _texts(product.description_ru, product.description_en)
    if product.duration_months:
        node["duration"] = f"P{product.duration_months}M"
    if product.price is not None and product.currency:
        node["priceDetail"] = [
            {
                "@id": f"{iri}#price",
                "@type": "PriceDetail",
                "amount": {
                    "@id": f"{iri}#amount",
                    "@type": "Amount",
                    "unit": _concept(f"{CURRENCY_SCHEME}/{product.currency}", CURRENCY_SCHEME),
                    "rdf:value": {"@value": format(product.price, "f"), "@type": "xsd:decimal"},
                },
            }
        ]
    upcoming = _runs_not_cancelled(product)
    if upcoming:
        run = upcoming[-1]
        node["temporal"] = _period(f"{iri}#run-{run.pk}", run)
        if run.enrolment_deadline:
            node["applicationDeadline"] = f"{run.enrolment_deadline.isoformat()}T23:59:59"
    return node


def document(products: Iterable[Product], *, site: str, source_system: str) -> dict:
    return {
        "@context": CONTEXT_URL,
        "@graph": [opportunity(p, site=site, source_system=source_system) for p in products],
    }


# ---------------------------------------------------------------- import

DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?)?")
ELM = Namespace("http://data.europa.eu/snb/model/elm/")
DC = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
NUMBER = re.compile(r"(\d+)$")


def _graph(data: bytes) -> Graph:
    parsed = read_json(data)
    documents = parsed if isinstance(parsed, list) else [parsed]
    for doc in documents:
        if not isinstance(doc, dict):
            raise FileError(_("Expected a JSON-LD object with @context."))
        if doc.get("@context") == CONTEXT_URL:
            doc["@context"] = context_document()["@context"]
        elif "@context" not in doc or _remote(doc["@context"]):
            raise FileError(
                _(
                    "Only JSON-LD with the ELM context %(url)s is read (nothing is "
                    "fetched from the internet)."
                )
                % {"url": CONTEXT_URL}
            )
    graph = Graph()
    try:
        graph.parse(data=json.dumps(documents), format="json-ld")
    except Exception as error:  # rdflib raises many kinds for malformed JSON-LD
        raise FileError(_("This is not valid JSON-LD: %(error)s") % {"error": error}) from None
    return graph


def _remote(context) -> bool:
    if isinstance(context, str):
        return True
    if isinstance(context, list):
        return any(_remote(item) for item in context)
    return False


def _tail(iri, prefix: str) -> str:
    text = str(iri or "")
    return text[len(prefix) :] if text.startswith(prefix) else ""


def _in_order(nodes) -> list:
    def key(node) -> tuple[int, str]:
        number = NUMBER.search(str(node))
        return (int(number.group(1)) if number else 0, str(node))

    return sorted(nodes, key=key)


class _Reader:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def texts(self, node, predicate) -> dict[str, str]:
        found: dict[str, str] = {}
        for literal in self.graph.objects(node, predicate):
            found.setdefault(getattr(literal, "language", None) or "en", str(literal))
        return {"ru": found.get("ru", ""), "en": found.get("en", "")}

    def pair(self, row: dict, name: str, texts: dict[str, str]) -> None:
        row[f"{name}_ru"], row[f"{name}_en"] = texts["ru"], texts["en"]

    def note(self, node, predicate) -> dict[str, str]:
        target = self.graph.value(node, predicate) if node is not None else None
        return self.texts(target, ELM.noteLiteral) if target is not None else {"ru": "", "en": ""}

    def row(self, node) -> dict[str, str]:
        graph, site = self.graph, settings.SITE_URL.rstrip("/") + "/organizations/"
        identifier = graph.value(node, ADMS.identifier)
        kinds = [_tail(t, KIND_SCHEME + ":") for t in graph.objects(node, DC.type)]
        scheme = graph.value(identifier, ELM.schemeName) if identifier is not None else None
        notation = graph.value(identifier, SKOS.notation) if identifier is not None else None
        row = {
            "source_system": str(scheme or ""),
            "external_id": str(notation or ""),
            "kind": next((kind for kind in kinds if kind), "short_course"),
            "owners": ";".join(
                _tail(owner, site).strip("/")
                for owner in graph.objects(node, ELM.providedBy)
                if _tail(owner, site)
            ),
        }
        row["external_id"] = row["external_id"] or str(node)
        self.pair(row, "title", self.texts(node, DC.title))
        self.pair(row, "description", self.texts(node, DC.description))
        duration = DURATION.match(str(graph.value(node, ELM.duration) or ""))
        if duration and duration.group(2):
            row["duration_months"] = str(int(duration.group(1) or 0) * 12 + int(duration.group(2)))
        for price in graph.objects(node, ELM.priceDetail):
            amount = graph.value(price, ELM.amount)
            value = graph.value(amount, RDF.value) if amount is not None else None
            if value is not None:
                row["price"] = str(Decimal(str(value)))
                row["currency"] = _tail(graph.value(amount, ELM.unit), CURRENCY_SCHEME + "/")
        spec = graph.value(node, ELM.learningAchievementSpecification)
        return row | (self.specification(spec) if spec is not None else {})

    def specification(self, spec) -> dict[str, str]:
        graph, row = self.graph, {}
        codes = [_tail(c, ISCED_F) for c in graph.objects(spec, ELM.ISCEDFCode)]
        row["field"] = next((code for code in codes if code.isdigit()), "")
        levels = [_tail(c, EQF) for c in graph.objects(spec, ELM.educationLevel)]
        row["eqf_level"] = next((level for level in levels if level.isdigit()), "")
        languages = [_tail(c, LANGUAGE_SCHEME + "/") for c in graph.objects(spec, DC.language)]
        row["languages"] = ";".join(LANGUAGE_CODES[c] for c in languages if c in LANGUAGE_CODES)
        for credit in graph.objects(spec, ELM.creditPoint):
            if graph.value(credit, ELM.framework) == URIRef(ECTS):
                row["ects_credits"] = str(graph.value(credit, ELM.point) or "")
        volume = DURATION.match(str(graph.value(spec, ELM.volumeOfLearning) or ""))
        if volume and volume.group(5):
            row["duration_hours"] = volume.group(5)
        row["outcomes"] = "\n".join(
            text
            for outcome in _in_order(graph.objects(spec, ELM.learningOutcome))
            for text in self.texts(outcome, DC.title).values()
            if text
        )
        self.pair(row, "summary", self.note(spec, ELM.learningOutcomeSummary))
        self.pair(row, "entry_requirements", self.note(spec, ELM.entryRequirement))
        return row


def read(data: bytes) -> Rows:
    """Rows of the tabular layout, one per LearningOpportunity, named by its IRI."""
    graph = _graph(data)
    reader = _Reader(graph)
    for node in sorted(graph.subjects(RDF.type, ELM.LearningOpportunity), key=str):
        yield str(node), reader.row(node)
