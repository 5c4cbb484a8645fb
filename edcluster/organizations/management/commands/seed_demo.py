from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from edcluster.organizations.demo import DEMO_PASSWORD, demo_cluster_seed, demo_logins
from edcluster.organizations.reference import reference_data_load


class Command(BaseCommand):
    help = "Load the demo Tomsk cluster (organizations, users of every role). Idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data-dir", type=Path, default=settings.DATA_DIR)
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins")

    def handle(self, *args, data_dir: Path, quiet_logins: bool, **options) -> None:
        if not data_dir.is_dir():
            raise CommandError(f"No reference data folder at {data_dir}")
        reference_data_load(data_dir=data_dir)
        result = demo_cluster_seed(data_dir=data_dir)
        if not quiet_logins:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for email, role in demo_logins():
                self.stdout.write(f"  {email:34} {role}")
        from edcluster.demand.demo import demo_postings_seed, demo_requests_seed

        postings, new_postings = demo_postings_seed()
        requests, new_requests = demo_requests_seed()
        if not postings:
            self.stdout.write("No skills taxonomy yet (skills_load): no demo job postings.")
        self.stdout.write(
            f"seed_demo: {result['organizations']} organizations, {result['users']} demo users, "
            f"{result['new']} records new; {postings} generated job postings, {new_postings} new; "
            f"{requests} employers' requests, {new_requests} new"
        )
