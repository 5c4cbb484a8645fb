"""Skill extractor speed and memory, on the whole ESCO taxonomy (SQLite; the database is only
read when the extractor loads).

    python bench/skills_extract.py [--backend e5|use] [--sentences N]

Sentences: job-ad sentences of the SkillSpan dev splits (English, skillspan/ of the development
data, settings.DEV_DATA_DIR) and Russian job-ad sentences generated from our Russian aliases with
fixed templates (labelled as generated), grouped ten to a posting as ingestion would pass them.
"Cold" is every sentence new to the extractor's sentence cache, "repeated" the same postings
again. The first run loads ESCO and embeds the taxonomy's names into a cache of this benchmark
(minutes); later runs reuse both.
Targets (issue 4): ≥ 100 unique sentences/s cold, ≥ 2,000/s repeated, on 2 cores; the worker's
peak memory with model and taxonomy vectors ≤ 600 MB.
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import django_for

TEMPLATES = [
    "Требуется опыт: {}.",
    "Обязанности: {} и {}.",
    "Будет плюсом {}.",
    "Кандидат должен владеть навыками: {}, {}.",
    "Вы будете заниматься задачами, где нужны {}.",
    "Мы ждём от вас знаний в области «{}» и готовности учиться.",
]


def skillspan_sentences() -> list[str]:
    from django.conf import settings

    folder = settings.DEV_DATA_DIR / "skillspan"
    found, words = [], []
    for name in ("skillspan_tech_dev.conll", "skillspan_house_dev.conll"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                words.append(line.split("\t")[0])
            elif words:
                found.append(" ".join(words))
                words = []
    return [s for s in dict.fromkeys(found) if len(s) > 20]


def russian_sentences(count: int) -> list[str]:
    from edcluster.skills.models import SkillAlias

    names = list(SkillAlias.objects.filter(language="ru").values_list("text", flat=True))
    generator = random.Random(4)
    made = set()
    while len(made) < count:
        template = generator.choice(TEMPLATES)
        made.add(template.format(*generator.sample(names, template.count("{}"))))
    return sorted(made)


def peak_megabytes() -> int:
    """This process's own peak resident memory. Not ru_maxrss: a child started by subprocess
    (vfork, then exec) inherits the parent's peak there, and this benchmark's parent is big."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def timed(engine, postings: list[str]) -> tuple[float, float, int]:
    """Seconds for the postings cold (new sentences, 20 postings a batch, as ingestion passes
    them) and three times again one at a time (what a page or the API does); skills found."""
    started = time.perf_counter()
    found = 0
    for start in range(0, len(postings), 20):
        found += sum(len(skills) for skills in engine.extract_many(postings[start : start + 20]))
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(3):
        for posting in postings:
            engine.extract(posting)
    return cold, time.perf_counter() - started, found


def probe(extractor_class) -> None:
    """In a fresh process: a worker's start, and what it holds once loaded."""
    started = time.perf_counter()
    engine = extractor_class()
    loaded = time.perf_counter() - started
    engine.extract("Experience with Python and SQL. Опыт работы с базами данных.")
    print(peak_megabytes(), f"{loaded:.2f}", engine.index.kept)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["e5", "use"], default="e5")
    parser.add_argument("--sentences", type=int, default=1200)
    parser.add_argument("--memory-probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir())
    django_for(
        f"sqlite:///{folder / 'edcluster-bench-skills.sqlite3'}",
        SKILLS_EMBEDDER=args.backend,
        SKILLS_CACHE_DIR=str(folder / "edcluster-bench-skills-vectors"),
    )
    from django.conf import settings
    from django.core.management import call_command

    from edcluster.skills.extraction.engine import Extractor
    from edcluster.skills.models import Skill

    if args.memory_probe:
        probe(Extractor)
        return
    call_command("migrate", verbosity=0)
    if Skill.objects.count() < 13_000:
        call_command("skills_load", verbosity=0)
    call_command("skills_embed", verbosity=0)
    for stale in Path(settings.SKILLS_CACHE_DIR).glob("index-*.npz"):
        stale.unlink()  # this start computes the word side; the worker's start reads it
    started = time.perf_counter()
    engine = Extractor()
    loaded = time.perf_counter() - started
    english = skillspan_sentences()[: args.sentences * 2 // 3]
    sentences = english + russian_sentences(args.sentences - len(english))
    random.Random(7).shuffle(sentences)
    postings = ["\n".join(sentences[i : i + 10]) for i in range(0, len(sentences), 10)]
    load_before = os.getloadavg()[0]
    cold, repeated, found = timed(engine, postings)
    memory = subprocess.run(
        [sys.executable, __file__, "--backend", args.backend, "--memory-probe"],
        capture_output=True,
        text=True,
        check=True,
    )
    print(
        f"skill extractor ({engine.model.name} by {getattr(engine.model, 'engine', 'numpy')}, "
        f"{len(engine.index.texts):,} names of "
        f"{len(engine.index.uris):,} skills, {len(engine.index.dense_rows):,} with vectors; "
        f"{os.cpu_count()} CPUs, load average {load_before:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after)"
    )
    megabytes, worker_load, kept = memory.stdout.split()
    print(f"  extractor load computing the word side (first start): {loaded:.2f} s")
    side = "kept" if kept == "True" else "computed"
    print(f"  load in a new worker (word side {side}): {worker_load} s (target < 2 s)")
    print(
        f"  cold: {len(sentences)} unique sentences ({len(english)} English, "
        f"{len(sentences) - len(english)} Russian) in {cold:.2f} s = "
        f"{len(sentences) / cold:,.0f} sentences/s (target ≥ 100), {found} skills found"
    )
    print(f"  repeated: {3 * len(sentences) / repeated:,.0f} sentences/s (target ≥ 2,000)")
    print(f"  worker peak memory with model and vectors: {megabytes} MB (target ≤ 600 MB)")


if __name__ == "__main__":
    main()
