from django.core.management.base import BaseCommand

from edcluster.matching.services.proposals import proposals_draft_from_gaps


class Command(BaseCommand):
    help = (
        "Draft product proposals for the skill groups with the most uncovered demand of the last "
        "12 months (skipping groups with a proposal still waiting). Idempotent; scheduled weekly "
        "(see `manage.py schedule`), or --enqueue for a worker."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--region", default="", help="One region's demand (default: all)")
        parser.add_argument("--groups", type=int, default=3, help="How many skill groups")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for a worker instead"
        )

    def handle(self, *args, region: str, groups: int, enqueue: bool, **options) -> None:
        if enqueue:
            from edcluster.matching.tasks import draft_proposals

            result = draft_proposals.enqueue(region=region, groups=groups)
            self.stdout.write(f"matching_draft_proposals: queued task {result.id}")
            return
        drafted = proposals_draft_from_gaps(region=region, groups=groups)
        self.stdout.write(f"matching_draft_proposals: {len(drafted)} proposals drafted")
        for proposal in drafted:
            self.stdout.write(f"  #{proposal.pk} {proposal.title} ({proposal.group})")
