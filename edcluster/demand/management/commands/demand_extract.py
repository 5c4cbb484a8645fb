from django.core.management.base import BaseCommand

from edcluster.core.progress import text_bar
from edcluster.demand.models import JobPosting
from edcluster.demand.services import postings_extract


class Command(BaseCommand):
    help = "Extract the skills and occupation of every posting still waiting for them."

    def handle(self, *args, verbosity: int, **options) -> None:
        waiting = JobPosting.objects.filter(extracted_at=None)
        total = waiting.count()
        show = (lambda done: text_bar(done, total, "postings")) if verbosity and total else None
        done = postings_extract(postings=JobPosting.objects.all(), progress=show)
        self.stdout.write(f"demand_extract: skills extracted for {done} postings")
