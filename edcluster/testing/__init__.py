"""Personas shared by every app's tests: anonymous, outsider, member viewer, editor, admin,
operator; each has a client already signed in. The suite runs offline."""

import socket
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from edcluster.accounts.models import Membership, User
from edcluster.accounts.tests.factories import PASSWORD as PASSWORD
from edcluster.accounts.tests.factories import member_make, membership_make, user_make
from edcluster.organizations.models import Organization, PriorityArea
from edcluster.organizations.tests.factories import organization_make, priority_area_make
from edcluster.skills.tests.factories import cut_release


def make_user(email: str, **flags) -> User:
    """Kept for the tests that call it: the accounts factory's `user_make`."""
    return user_make(email, **flags)


def make_organization(slug: str, *, status: str = Organization.Status.ADMITTED, **fields):
    """Kept for the tests that call it: the organizations factory's `organization_make`."""
    return organization_make(slug, status=status, **fields)


class NetworkBlocked(OSError):
    """The test suite runs offline: only this machine (the databases, the live server)."""


LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost", "0.0.0.0"}


@pytest.fixture(autouse=True, scope="session")
def _no_network():
    """Every connection from the test process to another machine fails, so nothing the code
    under test does can download a model or data."""
    original = socket.socket.connect

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOCAL_HOSTS:
            raise NetworkBlocked(f"tests run offline: refused a connection to {address[0]}")
        return original(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    yield
    socket.socket.connect = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _offline_skill_extractor(settings, tmp_path_factory):
    """The skill extractor of each test reads its own database and no vectors built outside
    the test run; the process's extractor is forgotten between tests."""
    from edcluster.skills.extraction import engine

    settings.SKILLS_CACHE_DIR = tmp_path_factory.getbasetemp() / "no-vectors"
    engine._current = None
    yield
    engine._current = None


@pytest.fixture(autouse=True)
def _site_language():
    """Each test leaves the site's language behind it: a request to an /en/ page leaves English
    active in the thread, and the next test in that worker would inherit it."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that are about hashing read config.settings directly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # A private in-memory cache per test, so throttling counters never leak between tests.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def acme_make() -> Organization:
    """Acme, where the member viewer, editor and admin work."""
    return organization_make("acme", internet_domain="acme.example")


def globex_make() -> Organization:
    """Globex, the outsider's organization."""
    return organization_make("globex", name_ru="Глобэкс", name_en="Globex")


def initech_make() -> Organization:
    """Initech, the partner editor's organization."""
    return organization_make("initech", name_ru="Инитек", name_en="Initech")


def hooli_make() -> Organization:
    """Hooli: joined through the join form, its admin confirmed the address, not admitted."""
    return organization_make(
        "hooli", status=Organization.Status.APPLIED, name_ru="Хули", name_en="Hooli"
    )


def outsider_make(globex: Organization) -> User:
    user = user_make("outsider@example.org")
    membership_make(user=user, organization=globex, role=Membership.Role.ADMIN)
    return user


def persona_table(
    *, outsider, member_viewer, member_editor, member_admin, operator, partner_editor, applicant
) -> dict:
    """Every persona's user (None for anonymous), all present at once. The suspended editor
    is Acme's editor: the matrix suspends Acme before calling as that persona."""
    return {
        "anonymous": None,
        "outsider": outsider,
        "member_viewer": member_viewer,
        "member_editor": member_editor,
        "member_admin": member_admin,
        "operator": operator,
        "suspended_editor": member_editor,
        "partner_editor": partner_editor,
        "applicant": applicant,
    }


def personas_make(
    *, acme: Organization, globex: Organization, initech: Organization, hooli: Organization
) -> dict:
    """The persona table made in one go, for arrangements shared by a module's tests."""
    return persona_table(
        outsider=outsider_make(globex),
        member_viewer=member_make(acme, "viewer@acme.example", Membership.Role.VIEWER),
        member_editor=member_make(acme, "editor@acme.example", Membership.Role.EDITOR),
        member_admin=member_make(acme, "admin@acme.example", Membership.Role.ADMIN),
        operator=user_make("operator@mc.example", is_operator=True),
        partner_editor=member_make(initech, "editor@initech.example", Membership.Role.EDITOR),
        applicant=member_make(hooli, "admin@hooli.example", Membership.Role.ADMIN),
    )


@pytest.fixture
def organization(db) -> Organization:
    return acme_make()


@pytest.fixture
def other_organization(db) -> Organization:
    return globex_make()


@pytest.fixture
def priority_area(db) -> PriorityArea:
    return priority_area_make()


@pytest.fixture
def outsider(db, other_organization) -> User:
    return outsider_make(other_organization)


@pytest.fixture
def member_viewer(organization) -> User:
    return member_make(organization, "viewer@acme.example", Membership.Role.VIEWER)


@pytest.fixture
def member_editor(organization) -> User:
    return member_make(organization, "editor@acme.example", Membership.Role.EDITOR)


@pytest.fixture
def member_admin(organization) -> User:
    return member_make(organization, "admin@acme.example", Membership.Role.ADMIN)


@pytest.fixture
def operator(db) -> User:
    return user_make("operator@mc.example", is_operator=True)


def _client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anonymous_client(db) -> Client:
    return Client()


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _client_for(outsider)


@pytest.fixture
def member_viewer_client(member_viewer) -> Client:
    return _client_for(member_viewer)


@pytest.fixture
def member_editor_client(member_editor) -> Client:
    return _client_for(member_editor)


@pytest.fixture
def member_admin_client(member_admin) -> Client:
    return _client_for(member_admin)


@pytest.fixture
def operator_client(operator) -> Client:
    return _client_for(operator)


PERSONAS = ["anonymous", "outsider", "member_viewer", "member_editor", "member_admin", "operator"]
# The authorization matrix's further personas (edcluster.testing.authorization): an editor of
# Acme while Acme is suspended, an editor of Initech, a partner co-owner of Acme's products, and
# the admin of Hooli, which applied through the join form but is not admitted yet.
MORE_PERSONAS = ["suspended_editor", "partner_editor", "applicant"]


@pytest.fixture
def partner_organization(db) -> Organization:
    return initech_make()


@pytest.fixture
def partner_editor(partner_organization) -> User:
    return member_make(partner_organization, "editor@initech.example", Membership.Role.EDITOR)


@pytest.fixture
def applicant_organization(db) -> Organization:
    return hooli_make()


@pytest.fixture
def applicant(applicant_organization) -> User:
    """The admin (and so an editor) of the not-admitted Hooli, with a working account."""
    return member_make(applicant_organization, "admin@hooli.example", Membership.Role.ADMIN)


@pytest.fixture
def all_personas(
    member_viewer, member_editor, member_admin, operator, outsider, partner_editor, applicant
) -> dict:
    return persona_table(
        outsider=outsider,
        member_viewer=member_viewer,
        member_editor=member_editor,
        member_admin=member_admin,
        operator=operator,
        partner_editor=partner_editor,
        applicant=applicant,
    )


@pytest.fixture(scope="session")
def mini_release(tmp_path_factory) -> Path:
    """A small ESCO release cut from the real one (skills' factories), once per run."""
    return cut_release(tmp_path_factory.mktemp("esco") / "esco-v1.1.1-mini")


@pytest.fixture
def taxonomy(db, mini_release):
    """The mini release loaded, with our Russian starter aliases."""
    from edcluster.skills.services import esco_load, starter_aliases_load

    loaded = esco_load(directory=mini_release)
    starter_aliases_load()
    return loaded
