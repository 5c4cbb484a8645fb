"""The small ESCO release and the loaded taxonomy come from edcluster.testing.skills."""
