"""A clone of the repository runs and tests with nothing beside it.

What `make run` loads and what the suite reads lives in `data/` (settings.DATA_DIR), each
folder with its SOURCE note; the development data outside the repository (settings.DEV_DATA_DIR,
validation sets) is named by its definition in settings and read by bench/ alone. CI clones the
repository into an empty folder and runs `make run` and the suite there (.ci/run).
"""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import load_command_class

from edcluster.catalog import generator
from edcluster.catalog.formats import case, elm
from edcluster.skills.services import loader

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
# Paths outside the repository: the old shared folder in any spelling, and its settings.
OUTSIDE = re.compile(
    r"\.\./shared|shared/data|[\"'/\\]shared[\"'/\\]|\w*SHARED\w*(?:DIR|DATA|PATH)"
)
DEVELOPMENT = re.compile(r"DEV_DATA_DIR|EDCLUSTER_DEV_DATA")
DEFINITION = 'DEV_DATA_DIR = Path(os.environ.get("EDCLUSTER_DEV_DATA", BASE_DIR.parent / "shared"'
# What the suite opens besides what the code names (test_exchange*.py).
TEST_FILES = [
    "standards/elm-loq-v3/LOQ-constraints.ttl",
    "standards/elm-loq-v3/LOQ-constraints-mdr.ttl",
    "standards/case-v1p1/samples-opensalt/ItemTypeTestFramework.json",
    "standards/case-v1p1/samples-opensalt/MarkdownFramework.json",
    "standards/case-v1p1/samples-opensalt/SmartLevelFramework.json",
    "standards/case-v1p1/samples-opensalt/Utf8TestFramework.json",
    "ewp/URL-MAP.tsv",
    "ewp/ewp-specs-api-iias/stable-v7/endpoints/get-response.xsd",
    "ewp/ewp-specs-api-iias/stable-v7/endpoints/get-response-example.xml",
    "ewp/ewp-specs-api-iias/stable-v7/resources/xsltKit/get-response-v7.xml",
    "ewp/ewp-specs-api-iias/stable-v7/resources/xsltKit/transform_version_7.xsl",
]
# What organizations/reference.py, organizations/demo.py and catalog/demo.py open under
# their --data-dir.
REFERENCE_FILES = [
    "ru_st_priorities/priority_areas_2011_decree_899.csv",
    "ru_st_priorities/priority_directions_2024_decree_529.csv",
    "isced_f_2013/isced_f_2013.csv",
    "tomsk_demo/universities.csv",
    "tomsk_demo/partners_asia_pacific.csv",
    "tomsk_demo/catalog.json",
]


def sources() -> list[Path]:
    """Product code, tests, settings, the Makefile: everything but bench/ and this file."""
    found = [ROOT / "Makefile", ROOT / "manage.py", ROOT / "conftest.py"]
    for folder in ("edcluster", "config"):
        found += sorted((ROOT / folder).rglob("*.py"))
    return [path for path in found if path != Path(__file__).resolve()]


def test_settings_read_data_from_the_repository():
    assert Path(settings.DATA_DIR) == ROOT / "data"
    assert not any("SHARED" in name for name in dir(settings))


def test_product_code_and_tests_name_no_path_outside_the_repository():
    found = []
    for path in sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            if line.startswith(DEFINITION) and path == ROOT / "config" / "settings.py":
                continue
            if OUTSIDE.search(line) or DEVELOPMENT.search(line):
                found.append(where)
    assert found == []


def test_bench_reaches_development_data_through_the_setting_only():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "bench").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert found == []


def test_the_commands_default_to_the_repository_data():
    for app, name in [
        ("edcluster.core", "seed_demo"),
        ("edcluster.organizations", "load_reference_data"),
    ]:
        parser = load_command_class(app, name).create_parser("manage", name)
        assert parser.get_default("data_dir") == settings.DATA_DIR, name
    parser = load_command_class("edcluster.skills", "skills_load").create_parser("manage", "x")
    assert parser.get_default("esco") == loader.ESCO_DIRECTORY
    assert loader.ESCO_DIRECTORY.parent == DATA


def test_every_file_the_code_and_the_suite_open_is_in_data():
    release = loader.Release(loader.ESCO_DIRECTORY)
    read = set(re.findall(r'"(\w+\.csv)"', Path(loader.__file__).read_text()))
    assert len(read) == 5
    assert read - set(release.members) == set()
    assert Path(settings.DATA_DIR, *generator.ESCO_ZIP).is_file()
    assert case.schema()["$defs"]
    assert elm.context_document()["@context"]
    missing = [name for name in REFERENCE_FILES + TEST_FILES if not (DATA / name).is_file()]
    assert missing == []


def test_every_data_folder_has_its_source_note_and_a_row_in_the_readme():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    folders = {path.parent for path in DATA.rglob("*") if path.is_file()} - {DATA}
    for folder in folders:
        notes = [
            parent / "SOURCE.txt"
            for parent in (folder, *folder.parents)
            if parent.is_relative_to(DATA)
        ]
        assert any(note.is_file() for note in notes), folder
    tops = {path.relative_to(DATA).parts[0] for path in folders}
    rows = {row.split("/")[0] for row in re.findall(r"^\| `([^`]+)`", readme, re.MULTILINE)}
    assert tops == rows


def test_no_data_file_is_left_out_of_a_clone_by_gitignore():
    files = [str(path.relative_to(ROOT)) for path in DATA.rglob("*") if path.is_file()]
    result = subprocess.run(
        ["git", "check-ignore", "--stdin"],
        cwd=ROOT,
        input="\n".join(files),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 128:
        pytest.skip(f"not a git checkout: {result.stderr.strip()}")
    assert result.stdout.split() == []
