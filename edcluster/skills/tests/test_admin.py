"""The taxonomy in the admin: operators read it; nobody edits ESCO's rows or aliases there."""

import pytest

from edcluster.skills.tests.factories import alias_make, occupation_make, skill_make


@pytest.mark.parametrize(
    "model",
    ["taxonomy", "skill", "skillgroup", "occupation", "occupationskill", "broader", "skillalias"],
)
def test_operators_read_the_taxonomy_in_the_admin(client, operator, member_admin, model):
    client.force_login(member_admin)
    assert client.get(f"/en/admin/skills/{model}/").status_code == 302
    client.force_login(operator)
    assert client.get(f"/en/admin/skills/{model}/").status_code == 200
    assert client.get(f"/en/admin/skills/{model}/add/").status_code == 403


def test_an_alias_is_not_changed_in_the_admin(client, operator):
    python = skill_make("Python (computer programming)")
    alias = alias_make(python, "змеиный язык")
    occupation_make("software developer")
    client.force_login(operator)
    page = client.get(f"/en/admin/skills/skillalias/{alias.pk}/change/")
    assert page.status_code == 200
    assert b'name="text"' not in page.content  # shown, not editable
    client.post(f"/en/admin/skills/skillalias/{alias.pk}/change/", {"text": "змея"})
    alias.refresh_from_db()
    assert alias.text == "змеиный язык"
    deleted = client.post(f"/en/admin/skills/skillalias/{alias.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 403
