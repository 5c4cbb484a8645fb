"""The part of a job posting that says what the work needs.

A posting mixes requirements with what the employer offers («Условия: официальное
оформление, ДМС, обучение за счёт компании»; "We offer: relocation support"). Read as skills,
the offer becomes demand nobody stated (issuing official documents, teaching corporate skills
in every second posting), so extraction reads a posting without its offer and company
sections: a line that is such a heading («Условия:», «Мы предлагаем», "Benefits:", "About us")
starts a section that is left out, up to the next heading of another kind («Требования:»,
«Обязанности», "Responsibilities"). A heading is a line of a few words ending in a colon, or one
of the known headings alone; the text after the colon on the same line belongs to the section.
"""

import re

from edcluster.core.text import fold

# Headings of what the employer offers or says about itself (folded: lower case, ё → е).
LEFT_OUT = {
    "условия",
    "условия работы",
    "мы предлагаем",
    "что мы предлагаем",
    "предлагаем",
    "что мы даем",
    "мы даем",
    "мы гарантируем",
    "мы обеспечиваем",
    "льготы",
    "бонусы",
    "бонусы и льготы",
    "плюшки",
    "преимущества",
    "наши преимущества",
    "о компании",
    "о нас",
    "кто мы",
    "we offer",
    "what we offer",
    "our offer",
    "benefits",
    "perks",
    "perks and benefits",
    "benefits and perks",
    "compensation",
    "compensation and benefits",
    "about us",
    "about the company",
    "who we are",
    "why join us",
    "why us",
}
HEADING_WORDS = 5  # «Что нужно будет делать:» is a heading, a sentence with a colon is not
HEADING = re.compile(r"^\s*[-•*#]*\s*(?P<head>[^:.!?]{1,60}?)\s*:\s*(?P<rest>.*)$")


def _heading(line: str) -> tuple[str, str] | None:
    """(the folded heading, the text after it) when the line starts a section."""
    match = HEADING.match(line)
    if match and len(match["head"].split()) <= HEADING_WORDS:
        return fold(match["head"]).strip(), match["rest"]
    bare = fold(line.strip(" \t-•*#.!")).strip()
    if bare in LEFT_OUT:
        return bare, ""
    return None


def requirements_of(text: str) -> str:
    """The posting's text without its offer and company sections (lines left out whole, so
    what remains keeps its wording)."""
    kept: list[str] = []
    skipping = False
    for line in text.splitlines():
        heading = _heading(line)
        if heading is not None:
            skipping = heading[0] in LEFT_OUT
        if not skipping:
            kept.append(line)
    return "\n".join(kept)
