"""Answer a data-access request: everything stored about one applicant.

    python manage.py export_applicant --email ada@example.com --output ada/

writes ``ada/applicant.json`` (every application of that address, every
field, the answers, the consent given, the hiring team's notes and the
e-mails it sent them) and ``ada/files/`` (the resumes and answer files). Private answers are not linked to anyone and so
cannot be part of it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path, PurePosixPath

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict

from careers_pages.hiring.models import Application
from cms.folders import replaced_whole

# Internal bookkeeping that says nothing about the person.
LEFT_OUT = {"fingerprint", "idempotency_key", "notification_attempts"}


class Command(BaseCommand):
    help = "Write everything stored about one applicant (JSON and their files) to a folder."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="Matched case-insensitively.")
        parser.add_argument(
            "--output", required=True, help="A folder to create (it must not exist yet)."
        )

    def handle(self, *args, email, output, **options):
        email = email.strip()
        if not email:
            raise CommandError("--email needs an address.")
        out = Path(output)
        if out.exists():
            raise CommandError(f"{out} exists already; give a new folder.")
        applications = list(
            Application.objects.filter(email__iexact=email)
            .select_related("stage")
            .prefetch_related("notes", "messages")
            .order_by("pk")
        )
        # Personal data: the folder stays readable by this user only (0700).
        with replaced_whole(out) as staging:
            (staging / "files").mkdir()
            records = [self.record(application, staging / "files") for application in applications]
            document = {"email": email, "applications": records}
            (staging / "applicant.json").write_text(
                json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
        files = sum(len(r["files"]) for r in records)
        self.stdout.write(
            f"Exported {len(records)} application(s) and {files} file(s) of {email} to {out}."
        )

    def record(self, application: Application, folder: Path) -> dict:
        data = model_to_dict(application, exclude=["resume", *LEFT_OUT])
        data.update(
            uuid=str(application.uuid),
            posting=application.posting.slug if application.posting else None,
            stage=application.stage.name,
            # What the hiring team wrote about them (without who: that is the team's).
            notes=[
                {"text": note.text, "created_at": note.created_at}
                for note in application.notes.all()
            ],
            # The e-mails the hiring team sent them from the candidate page.
            emails=[
                {
                    "subject": message.subject,
                    "body": message.body,
                    "status": message.status,
                    "sent_at": message.sent_at,
                }
                for message in application.messages.all()
            ],
            submitted_at=application.submitted_at,
            consent_given_at=application.consent_given_at,
            files=[],
        )
        for file in [application.resume, *application.answer_files()]:
            if not file.name:
                continue
            target = f"{application.uuid}-{PurePosixPath(file.name).name}"
            try:
                with (
                    file.storage.open(file.name, "rb") as source,
                    open(folder / target, "wb") as sink,
                ):
                    shutil.copyfileobj(source, sink)
            except FileNotFoundError:
                data["files"].append({"stored_as": file.name, "missing": True})
                continue
            data["files"].append({"stored_as": file.name, "exported_as": f"files/{target}"})
        return data
