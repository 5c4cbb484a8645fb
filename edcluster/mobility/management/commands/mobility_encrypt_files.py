from django.core.management.base import BaseCommand

from edcluster.mobility.services import documents_encrypt


class Command(BaseCommand):
    help = (
        "Encrypt the mobility files stored before encryption and re-encrypt the others under the "
        "first key of MOBILITY_FILES_KEY (after a rotation); safe to run twice."
    )

    def handle(self, *args, **options) -> None:
        counts = documents_encrypt()
        self.stdout.write(
            f"{counts['encrypted']} plaintext files encrypted, {counts['rotated']} files "
            "re-encrypted under the first key"
        )
