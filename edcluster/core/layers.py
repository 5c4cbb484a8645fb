"""The domain apps in layers, lowest first: an app builds on the apps below it only.

Held by config/tests/test_layering.py over the imports of the tree, and followed by whatever
runs every app's part in turn (the demo seeders). Names only: core imports no domain app.
"""

LAYERS: list[set[str]] = [
    {"core"},
    {"accounts"},
    {"organizations"},
    {"skills"},
    {"catalog", "demand"},
    {"matching"},
    {"partnerships"},
    {"projects", "mobility", "sales"},
    {"quality"},  # employers rate the training they bought: quality reads sales, never back
    {"analytics"},
    {"workspaces"},
]
LAYER: dict[str, int] = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
