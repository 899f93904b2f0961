from django.core.management.base import BaseCommand
from django.db import transaction

from articles.workflow.roles import ROLE_PERMISSIONS, setup_roles


class Command(BaseCommand):
    help = (
        "Create the editorial groups (Author, Translator, Medical reviewer, "
        "Publisher, Communications, Site admin) and give them their "
        "permissions. Safe to run again: it only adds what is missing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        groups = setup_roles()
        for role in ROLE_PERMISSIONS:
            count = groups[role].permissions.count()
            self.stdout.write(f"{role}: {count} permissions")
        self.stdout.write(self.style.SUCCESS("Roles are set up."))
