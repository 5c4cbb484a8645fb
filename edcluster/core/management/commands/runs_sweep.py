from django.core.management.base import BaseCommand

from edcluster.core.runs import run_models, runs_interrupt_stale


class Command(BaseCommand):
    help = (
        "Mark interrupted every run (of any app) still 'running' whose process died: its local "
        "worker process gone, or no heartbeat for RUN_STALE_MINUTES. Idempotent; scheduled."
    )

    def handle(self, *args, **options) -> None:
        found = {model._meta.label: runs_interrupt_stale(model) for model in run_models()}
        summary = ", ".join(f"{label} {count}" for label, count in sorted(found.items()))
        self.stdout.write(f"runs_sweep: interrupted {sum(found.values())} ({summary})")
