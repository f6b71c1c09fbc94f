"""Consent per purpose: the privacy notice (versioned, accepted with its
version and time), the optional talent pool (kept that long by the purge),
and a data-access export of one applicant."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from careers_pages.hiring.models import Application, PrivacyNotice, PrivateAnswer
from careers_pages.hiring.submit import _talent_pool_until
from careers_pages.models import CareersIndexPage
from tests.factories import PDF, add_question_posting, application_form, question

pytestmark = pytest.mark.django_db

URL = "/api/careers/postings/back-end-engineer/applications/"
NOTICE = "We keep your application for this role and delete it after a year."


def fields(client, slug="back-end-engineer"):
    body = client.get(f"/api/careers/postings/{slug}/").json()
    return {field["name"]: field for field in body["application_form"]["fields"]}


def test_the_privacy_notice_is_the_required_consent_of_the_form(client, imported_site):
    assert "consent" not in fields(client) and "talent_pool" not in fields(client)
    PrivacyNotice.objects.create(text=NOTICE)
    listed = fields(client)  # a new notice shows at once (the cache is invalidated)
    assert listed["consent"] == {
        "name": "consent",
        "type": "checkbox",
        "label": NOTICE,
        "required": True,
    }
    assert listed["talent_pool"]["required"] is False
    assert "24 months" in listed["talent_pool"]["label"]


def test_missing_consent_is_refused_and_nothing_is_stored(client, imported_site, private_files):
    PrivacyNotice.objects.create(text=NOTICE)
    response = client.post(URL, application_form(resume=SimpleUploadedFile("cv.pdf", PDF)))
    assert response.status_code == 400
    assert list(response.json()) == ["consent"]
    assert not Application.objects.exists()
    assert not [p for p in private_files.rglob("*") if p.is_file()]


def test_each_application_keeps_the_version_and_time_it_accepted(client, imported_site):
    notice = PrivacyNotice.objects.create(text=NOTICE)
    assert client.post(URL, application_form(consent="on")).status_code == 201
    notice.text = NOTICE + " Now also for similar roles."
    notice.save()  # an edit is a new version; the first stays as it was
    assert list(PrivacyNotice.objects.values_list("version", flat=True)) == [2, 1]
    assert PrivacyNotice.objects.get(version=1).text == NOTICE
    grace = application_form(consent="on", email="grace@example.com")
    assert client.post(URL, grace).status_code == 201

    first, second = Application.objects.order_by("pk")
    assert (first.privacy_notice_version, first.consent_text) == (1, NOTICE)
    assert second.privacy_notice_version == 2 and second.consent_text.endswith("similar roles.")
    assert first.consent_given_at is not None and first.consent_given_at <= timezone.now()
    assert first.talent_pool_until is None


def test_saving_an_unchanged_notice_makes_no_version(imported_site):
    notice = PrivacyNotice.objects.create(text=NOTICE)
    notice.save()
    assert PrivacyNotice.objects.count() == 1


def test_the_talent_pool_consent_keeps_an_application_past_the_retention(
    client, imported_site, settings
):
    settings.CAREERS_TALENT_POOL_MONTHS = 18
    PrivacyNotice.objects.create(text=NOTICE)
    assert client.post(URL, application_form(consent="on", talent_pool="on")).status_code == 201
    grace = application_form(consent="on", email="grace@example.com")
    assert client.post(URL, grace).status_code == 201
    pooled = Application.objects.get(email="ada@example.com")
    assert pooled.talent_pool_until == _talent_pool_until(timezone.localdate())
    two_years_ago = timezone.now() - datetime.timedelta(days=730)
    Application.objects.update(submitted_at=two_years_ago)

    call_command("purge_applications", "--days", "365", verbosity=0)
    assert list(Application.objects.values_list("email", flat=True)) == ["ada@example.com"]

    Application.objects.update(talent_pool_until=timezone.localdate() - datetime.timedelta(1))
    call_command("purge_applications", "--days", "365", verbosity=0)
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "today, months, until",
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 12, 2), 24, datetime.date(2028, 12, 2)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
    ],
)
def test_talent_pool_months_are_calendar_months(settings, today, months, until):
    settings.CAREERS_TALENT_POOL_MONTHS = months
    assert _talent_pool_until(today) == until


def test_export_applicant_writes_everything_stored_and_the_files(client, imported_site, tmp_path):
    index = CareersIndexPage.objects.get()
    add_question_posting(
        index,
        questions=[
            question("text", "why_us", required=True),
            question("file", "sample"),
            question("choice", "gender", options=["Woman", "Man"], private=True),
        ],
    )
    sample = SimpleUploadedFile("sample.pdf", PDF)
    response = client.post(
        "/api/careers/postings/platform-engineer/applications/",
        application_form(
            why_us="Engines.",
            sample=sample,
            gender="Woman",
            resume=SimpleUploadedFile("cv.pdf", PDF),
        ),
    )
    assert response.status_code == 201, response.content
    client.post(URL, application_form(email="grace@example.com"))

    out = tmp_path / "ada"
    call_command("export_applicant", "--email", "ADA@example.com", "--output", str(out))
    document = json.loads((out / "applicant.json").read_text())
    (record,) = document["applications"]
    assert record["name"] == "Ada Lovelace" and record["posting"] == "platform-engineer"
    assert record["answers"]["why_us"] == "Engines."
    assert "gender" not in record["answers"] and "Woman" not in json.dumps(document)
    assert "fingerprint" not in record and "idempotency_key" not in record
    exported = sorted(f["exported_as"] for f in record["files"])
    assert len(exported) == 2
    assert all((out / name).read_bytes() == PDF for name in exported)
    assert PrivateAnswer.objects.count() == 1  # still counted, never linked

    with pytest.raises(CommandError, match="exists already"):
        call_command("export_applicant", "--email", "ada@example.com", "--output", str(out))
