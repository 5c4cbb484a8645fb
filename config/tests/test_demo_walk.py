"""The demo as each role sees it, walked in a real Chromium at a phone's width (390 px), in
Russian: every page a link leads to opens (no 403 or 404 behind a link offered), fits the screen
without horizontal scrolling, and reads in Russian — no English words outside proper names (the
Latin words the demo's own Russian names use, such as Python or SCADA), codes and fallbacks the
page marks as English (`lang="en"`).

One test: the demo (taxonomy, members, products, postings) is loaded once, then walked as every
role. It runs on SQLite only: it checks pages, not the database, and the PostgreSQL run would
only repeat its two minutes. It is issue 17's acceptance check and part of `make test`;
`make walk` runs it alone, and DEMO_WALK=0 leaves it out (CI's second run, in a bare clone, of
a commit the first run walked).
"""

import os
import re
from collections import deque
from io import StringIO
from urllib.parse import urldefrag, urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from edcluster.testing.browser import console_errors_of, needs_chromium

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.skipif(os.environ.get("DEMO_WALK") == "0", reason="DEMO_WALK=0"),
]

PASSWORD = "tomsk-demo-2026"
ROLES = [
    None,  # a visitor
    "operator@edcluster.example",
    "tsu.editor@edcluster.example",
    "tsu.viewer@edcluster.example",
    "employer@edcluster.example",
    "sme@edcluster.example",
    "expert@edcluster.example",
    "applicant@edcluster.example",
    "applied@edcluster.example",
]
PHONE = {"width": 390, "height": 844}
PAGES_PER_ROLE = 45
PAGES_PER_SHAPE = 2  # /ru/catalog/<slug>/ twice, not sixty times
SKIP = re.compile(
    r"/(logout|admin|api|static|media|i18n)/|/export/|\.(csv|xlsx|json|jsonld|xml)$|/download"
)
FILE_FORMAT = re.compile(r"(^|&)format=(csv|xlsx|json|xml)\b")
# Codes, formats and names a Russian page writes in Latin letters.
LATIN_WORDS = {
    "ESCO",
    "ISCO",
    "ISCED",
    "EQF",
    "ECTS",
    "API",
    "CSV",
    "XLSX",
    "JSON",
    "JSON-LD",
    "LD",
    "ELM",
    "CASE",
    "Windows",
    "EWP",
    "IIA",
    "MOOC",
    "OpenAPI",
    "Swagger",
    "Bearer",
    "PDF",
    "URL",
    "IRI",
    "QS",
    "ID",
    "HTTP",
    "HTTPS",
    "SQL",
    "IT",
    "CEFR",
    "ORCID",
    "DOI",
    "UTF",
    "BOM",
    "E-mail",
    "email",
    "htmx",
    "Chart",
    "js",
    "edcluster",
    "schema",
    "org",
    "SHACL",
    "XML",
    "XSD",
    "EMREX",
    "ELMO",
    "ISO",
    "Erasmus",
    "PIC",
    "SCHAC",
    "PhD",
}
TEXT_OF_PAGE = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    const skipped = "script, style, code, kbd, pre, textarea, [translate=no]";
    if (!element || element.closest(skipped)) continue;
    const marked = element.closest("[lang]");
    if (marked && !marked.getAttribute("lang").startsWith("ru")) continue;
    if (element.tagName !== "OPTION" && !element.checkVisibility()) continue;
    out.push(node.textContent);
  }
  for (const element of document.querySelectorAll("[placeholder], [title], [aria-label]")) {
    const marked = element.closest("[lang]");
    if (marked && !marked.getAttribute("lang").startsWith("ru")) continue;
    for (const name of ["placeholder", "title", "aria-label"]) {
      if (element.hasAttribute(name)) out.push(element.getAttribute(name));
    }
  }
  return out.join("\\n");
}"""


def proper_latin_words() -> set[str]:
    """Latin words the demo's Russian data uses itself (product titles, names, skill labels)."""
    fields = [
        ("catalog.Product", "title_ru"),
        ("projects.Project", "title_ru"),
        ("partnerships.Agreement", "title_ru"),
        ("organizations.Organization", "name_ru"),
        ("organizations.Organization", "short_name"),
        ("organizations.FieldOfEducation", "name_ru"),
        ("skills.Skill", "label_ru"),
        ("skills.SkillGroup", "label_ru"),
        ("skills.Occupation", "label_ru"),
        ("accounts.User", "first_name"),
        ("accounts.User", "last_name"),
    ]
    words: set[str] = set()
    for model, field in fields:
        for text in apps.get_model(model).objects.values_list(field, flat=True):
            words.update(re.findall(r"[A-Za-z][A-Za-z+#.-]*", text or ""))
    return words


def english_words(text: str, allowed: set[str]) -> set[str]:
    text = re.sub(r"\S+@\S+|\S+://\S+|\b[\w-]+\.(ru|org|com|example|cn|jp|edu)\b\S*", " ", text)
    words = set(re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", text))
    return {w for w in words if w not in allowed and len(w) > 2 and not w.isupper()}


def shape(path: str) -> str:
    """The path with its identifiers generalised: /ru/catalog/x/ and /ru/catalog/y/ are one."""
    parts = [p for p in path.split("/") if p]
    return "/".join(parts[:2] + ["*" for _ in parts[2:]])


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/ru/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


def walk(page, base: str, allowed: set[str]) -> tuple[list[str], int]:
    """Open every page reachable from the home page (within the caps); what was wrong."""
    problems: list[str] = []
    queue: deque[str] = deque([f"{base}/ru/"])
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    visited = 0
    while queue and visited < PAGES_PER_ROLE:
        url = queue.popleft()
        path = urlparse(url).path
        if url in seen or shapes.get(shape(path), 0) >= PAGES_PER_SHAPE:
            continue
        seen.add(url)
        shapes[shape(path)] = shapes.get(shape(path), 0) + 1
        answer = page.goto(url)
        visited += 1
        status = answer.status if answer else 0
        if status != 200:
            problems.append(f"{path}: answers {status} behind a link")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] + 1:
            problems.append(f"{path}: {width} px wide at {PHONE['width']} px")
        stray = english_words(page.evaluate(TEXT_OF_PAGE), allowed)
        if stray:
            problems.append(f"{path}: English {sorted(stray)[:12]}")
        # A link marked `download` or asking for a file format is a file, not a page.
        for href in page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.href)"
        ):
            link = urldefrag(href)[0]
            address = urlparse(link)
            if link.startswith(f"{base}/ru/") and not (
                SKIP.search(address.path) or FILE_FORMAT.search(address.query)
            ):
                queue.append(link)
    return problems, visited


@pytest.mark.skipif(
    connection.vendor != "sqlite" and "sqlite" not in settings.DATABASES["default"]["ENGINE"],
    reason="pages, not the database: walked once, on SQLite",
)
def test_every_role_walks_the_russian_demo_on_a_phone(live_server, transactional_db, chromium):
    for command in ("load_reference_data", "skills_load", "seed_demo"):
        call_command(command, stdout=StringIO(), stderr=StringIO())
    allowed = LATIN_WORDS | proper_latin_words()
    report, walked = [], 0
    for role in ROLES:
        context = chromium.new_context(viewport=PHONE, locale="ru-RU")
        page = context.new_page()
        errors = console_errors_of(page)
        if role:
            sign_in(page, live_server.url, role)
        problems, visited = walk(page, live_server.url, allowed)
        walked += visited
        report += [f"{role or 'visitor'} {problem}" for problem in problems]
        report += [f"{role or 'visitor'} console: {error}" for error in errors]
        context.close()
    assert walked > 100  # the walk reached the pages, not just the home page
    assert not report, "\n".join(report)
