import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from wagtail.models import Site

from careers_pages.importing import import_careers
from careers_pages.models import CareersIndexPage, HiringOrganization

DEMO_CONTENT = Path(settings.BASE_DIR) / "demo"
CREDENTIALS_FILE = Path(settings.BASE_DIR) / "var" / "local-admin.txt"
DEMO_ORGANIZATION = {
    "name": "Hoppscotch",
    "url": "https://hoppscotch.com",
    "logo_url": "https://hoppscotch.com/images/logo.svg",
    # Where its postings are when they name no place (Bengaluru), and where
    # applicants to remote postings that name no countries may live.
    "address_country": "IN",
    "remote_applicant_countries": "IN",
}


class Command(BaseCommand):
    help = (
        "Prepare a development database, once: import the demo careers content and create "
        "a local admin account. Running it again changes nothing and prints the credentials."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        if CareersIndexPage.objects.exists():
            self.stdout.write("Demo content: already in place.")
        else:
            self.name_the_site()
            self.name_the_hiring_organization()
            report = import_careers([DEMO_CONTENT])
            self.stdout.write(f"Demo content: {report.summary()}")

        User = get_user_model()
        if not User.objects.filter(username=username).exists():
            password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
            User.objects.create_superuser(username, f"{username}@localhost", password)
            CREDENTIALS_FILE.parent.mkdir(exist_ok=True)
            CREDENTIALS_FILE.write_text(f"{username}\n{password}\n", encoding="utf-8")
            CREDENTIALS_FILE.chmod(0o600)
        if CREDENTIALS_FILE.is_file():
            saved_user, password = CREDENTIALS_FILE.read_text(encoding="utf-8").split("\n")[:2]
            if saved_user == username:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/  "
                        f"username: {username}  password: {password}"
                    )
                )
                return
        self.stdout.write(f"Admin: the account '{username}' exists; its password is as you set it.")

    def name_the_hiring_organization(self):
        """Settings → Hiring organization as the Hoppscotch site would set it:
        the JSON-LD and the job-board feeds name no one until it has a name."""
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return
        organization = HiringOrganization.for_site(site)
        if organization.name:
            return
        for name, value in DEMO_ORGANIZATION.items():
            setattr(organization, name, value)
        organization.save()

    def name_the_site(self):
        """Replace Wagtail's placeholder names of a fresh database's site and home page."""
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return
        if not site.site_name:
            site.site_name = settings.WAGTAIL_SITE_NAME
            site.save(update_fields=["site_name"])
        home = site.root_page
        if home.title.startswith("Welcome to your new Wagtail site"):
            home.title = home.draft_title = "Home"
            home.save(update_fields=["title", "draft_title"])
