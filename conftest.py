"""Test fixtures for the whole project live in edcluster.testing (only tests import it)."""

pytest_plugins = ["edcluster.testing", "edcluster.testing.browser"]
