"""Test fixtures for the whole project live in edcluster.core.testing."""

pytest_plugins = ["edcluster.core.testing"]
