"""Every user-facing string has its Russian translation, and the compiled catalogue is current."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[3] / "locale" / "ru" / "LC_MESSAGES"


def unquote(lines: str) -> str:
    """The text of a .po string, joined over its lines, with escapes undone."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', lines)
    return "".join(part.replace('\\"', '"').replace("\\n", "\n") for part in parts)


def po_entries() -> dict[str, list[str]]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue  # obsolete entries are not shipped
        assert "#, fuzzy" not in block, block
        assert "\n#| " not in "\n" + block, block  # a fuzzy match whose flag was lost
        msgid = unquote(re.findall(r'^msgid ((?:".*"\n?)+)', block, re.M)[0])
        context = re.findall(r'^msgctxt ((?:".*"\n?)+)', block, re.M)
        if context:  # gettext's key of a message in a context
            msgid = unquote(context[0]) + "\x04" + msgid
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        entries[msgid] = [unquote(part) for part in strings]
    return entries


def test_every_message_is_translated():
    untranslated = [msgid for msgid, forms in po_entries().items() if not all(forms)]
    assert untranslated == []


def test_the_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    singular = {msgid: forms[0] for msgid, forms in po_entries().items() if len(forms) == 1}
    stale = [msgid for msgid, text in singular.items() if catalog.get(msgid) != text]
    assert stale == []


def shared_translations(entries: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each Russian text that translates more than one source string, with those strings."""
    sources: dict[str, list[str]] = {}
    for key, forms in entries.items():
        msgid = key.rpartition("\x04")[2]  # one source string in two contexts is still one
        if msgid and len(forms) == 1 and msgid not in sources.get(forms[0], []):
            sources.setdefault(forms[0], []).append(msgid)
    return {text: msgids for text, msgids in sources.items() if len(msgids) > 1}


def test_one_translation_serves_several_strings_only_where_listed():
    """A msgstr taken from a fuzzy match for another msgid shows as one Russian text for
    unrelated strings ("online" and "Decline" both «Отклонить»); true homonyms are listed."""
    listed = set((LOCALE.parent / "homonyms.txt").read_text(encoding="utf-8").splitlines())
    shared = shared_translations(po_entries())
    assert {text: msgids for text, msgids in shared.items() if text not in listed} == {}
    assert listed - set(shared) == set()  # a listed homonym that no longer is one


def test_shared_translations_are_found():
    entries = {"online": ["Отклонить"], "Decline": ["Отклонить"], "Accept": ["Принять"]}
    assert shared_translations(entries) == {"Отклонить": ["online", "Decline"]}
    in_contexts = {"Accept": ["Принять"], "audit log\x04Accept": ["Принять"]}
    assert shared_translations(in_contexts) == {}
    assert shared_translations(in_contexts | {"file name\x04Take": ["Принять"]}) != {}


def test_a_russian_select_offers_its_empty_choice_in_russian(member_editor_client):
    """Django 6.1's "- Select an option -" is ours to translate (its Russian catalogue lacks it)."""
    page = member_editor_client.get("/ru/catalog/new/").content.decode()
    assert "— выберите —" in page
    assert "Select an option" not in page
