"""Schemathesis over the whole OpenAPI document, in-process against the WSGI application: no
5xx, no response that breaks the schema, no undocumented status code; anonymously and with the
Bearer tokens of an operator, a member's editor, an employer's editor and the administrator of
an organization that applied and is not admitted yet.

In the suite each operation gets FUZZ_EXAMPLES generated examples per persona (5 by default)
and its documented examples; `make fuzz` runs the same deeper (FUZZ_DEEP=1: 100 examples and
Schemathesis's coverage phase, the boundary values of every parameter, some 80 requests more
per operation) and prints the totals (config/tests/conftest.py)."""

import os
import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from edcluster.accounts.models import Membership
from edcluster.accounts.services import api_token_create
from edcluster.accounts.tests.factories import member_make
from edcluster.organizations.models import Organization
from edcluster.organizations.tests.factories import organization_make

DEEP = os.environ.get("FUZZ_DEEP") == "1"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100" if DEEP else "5"))
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json",
    application,
    config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": DEEP}}}),
)

# "Schema-valid request rejected" flags every business rule a schema cannot state (a taken
# e-mail, an unknown slug or reference id, a forbidden status step): those answers are 4xx by
# design and documented. Every other check stays on.
EXCLUDED = [positive_data_acceptance]

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same examples every run: a red CI is reproducible
)
PERSONAS = ["anonymous", "operator", "member_editor", "employer", "applicant"]

# What the run did, read by config/tests/conftest.py for `make fuzz`'s totals.
TOTALS: dict = {"operations": set(), "examples": 0, "seconds": 0.0}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Each test runs in a transaction; Django closes "old" connections at every request's start
    # and end, which would close that transaction's connection. Django's test client disconnects
    # this handler for the same reason; requests here go through plain WSGI.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _persona_user(request, persona: str):
    if persona == "employer":
        employer = organization_make("sibur", kind=Organization.Kind.EMPLOYER)
        return member_make(employer, "hr@sibur.example", Membership.Role.EDITOR)
    if persona == "applicant":
        applied = organization_make("newcomer", status=Organization.Status.APPLIED)
        return member_make(applied, "head@newcomer.example", Membership.Role.ADMIN)
    return request.getfixturevalue(persona)


@pytest.fixture(params=PERSONAS)
def headers(request, organization, member_admin) -> dict[str, str]:
    """The persona's Authorization header (none for anonymous), with an admitted member and
    its administrator present whoever calls."""
    if request.param == "anonymous":
        return {}
    user = _persona_user(request, request.param)
    return {"Authorization": f"Bearer {api_token_create(user=user, name='fuzz')[1]}"}


@pytest.mark.fuzz
@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_api(case, headers):
    started = time.monotonic()
    TOTALS["operations"].add(case.operation.label)
    TOTALS["examples"] += 1
    try:
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)
    finally:
        TOTALS["seconds"] += time.monotonic() - started
