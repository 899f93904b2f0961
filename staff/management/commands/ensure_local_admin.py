"""Create a local admin account for `make run`, once.

A fresh checkout has no way into the admin; this makes one with a random
password and prints it a single time. When any superuser exists it does
nothing, so running it on every `make run` is safe.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a superuser with a random password if none exists yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            if options["verbosity"] > 1:
                self.stdout.write("An admin account exists; nothing to do.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "Local admin account created (shown only this once):\n"
                f"  user name: {username}\n"
                f"  password:  {password}\n"
                f"  sign in at http://127.0.0.1:8000/{settings.ADMIN_URL}"
            )
        )
