"""Core's rows of the authorization matrix (config/tests/test_authorization_matrix.py):
who may call each of its pages and API operations."""

from edcluster.testing.authorization import Case, statuses

PAGES: dict[str, list[Case]] = {
    "core:audit": [Case("GET", lambda ctx: "/en/audit/", statuses(302, 403, 403, 403, 403, 200))],
}

API: dict[str, list[Case]] = {
    "GET /api/core/audit": [
        Case("GET", lambda ctx: "/api/core/audit", statuses(401, 403, 403, 403, 403, 200))
    ],
}
