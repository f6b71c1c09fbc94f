"""Notes on the candidate page: written by the hiring team, shown newest first
with author and time; an empty note is refused; others may not write any."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from careers_pages.hiring.models import ApplicationMessage, ApplicationNote
from tests.factories import apply

pytestmark = pytest.mark.django_db


def candidate_url(application):
    return reverse("applications:inspect", args=(application.pk,))


def add_note(client, application, text):
    return client.post(candidate_url(application), {"action": "note", "note-text": text})


def assert_refused(response):
    """The admin's answer to a refused permission: back to the dashboard, saying
    so; and no note written."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not ApplicationNote.objects.exists()


def test_notes_are_shown_newest_first_with_author_and_time(client, hiring_member, backend):
    application = apply(backend)
    hiring_member.first_name, hiring_member.last_name = "Rita", "Recruiter"
    hiring_member.save()
    ApplicationNote.objects.create(
        application=application,
        author=hiring_member,
        text="Strong on engines.",
        created_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(hiring_member)

    response = add_note(client, application, "  Invite her to the interview.  ")

    assert response.status_code == 302
    assert response["Location"] == candidate_url(application)
    note = application.notes.first()
    assert (note.text, note.author) == ("Invite her to the interview.", hiring_member)
    html = client.get(candidate_url(application)).content.decode()
    notes = html[html.index('class="candidate__list candidate__notes"') :]
    assert notes.index("Invite her to the interview.") < notes.index("Strong on engines.")
    assert "Rita Recruiter" in notes
    assert timezone.localtime(note.created_at).strftime("%H:%M") in notes


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Write the note before adding it."),
        ("   \n  ", "Write the note before adding it."),
        ("x" * 5001, "at most 5000 characters"),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_an_empty_or_too_long_note_is_refused_saying_why(
    client, hiring_member, backend, text, error
):
    application = apply(backend)
    client.force_login(hiring_member)

    response = add_note(client, application, text)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ApplicationNote.objects.exists()


def test_a_reader_without_the_change_permission_may_not_write_notes(client, reader, backend):
    application = apply(backend)
    client.force_login(reader)

    page = client.get(candidate_url(application))
    response = add_note(client, application, "Hello")

    assert page.status_code == 200
    assert 'name="note-text"' not in page.content.decode()
    assert_refused(response)


def test_an_editor_may_not_write_notes(client, editor, backend):
    application = apply(backend)
    client.force_login(editor)

    response = add_note(client, application, "Hello")

    assert_refused(response)


def test_an_unknown_action_is_a_400(client, hiring_member, backend):
    application = apply(backend)
    client.force_login(hiring_member)

    response = client.post(candidate_url(application), {"action": "erase"})

    assert response.status_code == 400


def test_a_data_access_request_includes_the_notes(tmp_path, hiring_member, backend):
    application = apply(backend)
    ApplicationNote.objects.create(application=application, author=hiring_member, text="Good.")
    ApplicationMessage.objects.create(
        application=application, recipient=application.email, subject="Your interview", body="Hi"
    )

    call_command(
        "export_applicant",
        email="ada@example.com",
        output=str(tmp_path / "ada"),
        stdout=io.StringIO(),
    )

    record = json.loads((tmp_path / "ada" / "applicant.json").read_text())["applications"][0]
    assert [note["text"] for note in record["notes"]] == ["Good."]
    assert record["stage"] == "New"
    assert [(e["subject"], e["body"], e["status"]) for e in record["emails"]] == [
        ("Your interview", "Hi", "queued")
    ]
    assert "recruiter" not in json.dumps(record)
