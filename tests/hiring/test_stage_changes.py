"""Stage changes: from the candidate page, the edit form and the listing's
bulk action, each in Wagtail's audit log ({from, to}, "Stage changed from New
to Interview"), on the candidate page's history and the site history report."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from careers_pages.hiring.models import Application, PipelineStage
from careers_pages.hiring.pipeline import STAGE_CHANGE_ACTION
from tests.factories import apply, listing

pytestmark = pytest.mark.django_db


def stage(slug):
    return PipelineStage.objects.get(slug=slug)


def candidate_url(application):
    return reverse("applications:inspect", args=(application.pk,))


def move(client, application, stage_pk):
    return client.post(candidate_url(application), {"action": "stage", "stage-stage": stage_pk})


def stage_changes(application):
    return list(
        ModelLogEntry.objects.filter(
            object_id=str(application.pk), action=STAGE_CHANGE_ACTION
        ).order_by("pk")
    )


def assert_not_moved(application):
    """Still in New, where it came in, and no stage change logged."""
    application.refresh_from_db()
    assert application.stage == stage("new")
    assert stage_changes(application) == []


def bulk_url(*applications, next_url="/admin/applications/"):
    query = "&".join(f"id={a.pk}" for a in applications)
    url = reverse("wagtail_bulk_action", args=("careers_hiring", "application", "move_to_stage"))
    return f"{url}?{query}&next={next_url}"


def test_a_move_on_the_candidate_page_is_in_the_audit_log_and_the_history(
    client, hiring_member, backend
):
    application = apply(backend)
    client.force_login(hiring_member)

    response = move(client, application, stage("interview").pk)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == stage("interview")
    [entry] = stage_changes(application)
    assert entry.user == hiring_member
    assert entry.data == {"from": "New", "to": "Interview"}
    assert entry.message == "Stage changed from New to Interview"
    page = client.get(candidate_url(application)).content.decode()
    history = page[page.index('id="candidate-history"') :]
    assert "Stage changed from New to Interview" in history
    assert "Recruiter" in history  # who (the user name, as Wagtail names users)
    report = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Stage changed from New to Interview" in report
    own_history = client.get(reverse("applications:history", args=(application.pk,)))
    assert "Stage changed from New to Interview" in own_history.content.decode()


def test_an_unknown_stage_or_the_same_stage_is_refused_and_nothing_is_logged(
    client, hiring_member, backend
):
    application = apply(backend)
    client.force_login(hiring_member)

    unknown = move(client, application, 999999)
    same = move(client, application, stage("new").pk)

    assert unknown.status_code == 400
    assert "There is no such stage; choose one from the list." in unknown.content.decode()
    assert same.status_code == 400
    assert "The application is in “New” already." in same.content.decode()
    assert_not_moved(application)


def test_the_edit_form_logs_a_stage_change_too(client, hiring_member, backend):
    application = apply(backend)
    client.force_login(hiring_member)

    client.post(reverse("applications:edit", args=(application.pk,)), {"stage": stage("offer").pk})

    assert [e.data for e in stage_changes(application)] == [{"from": "New", "to": "Offer"}]
    assert not ModelLogEntry.objects.filter(action="wagtail.edit").exists()


def test_without_the_change_permission_no_stage_moves(client, reader, backend):
    application = apply(backend)
    client.force_login(reader)

    page = client.get(candidate_url(application)).content.decode()
    response = move(client, application, stage("hired").pk)
    bulk = client.post(bulk_url(application), {"stage": stage("hired").pk})

    assert 'name="stage-stage"' not in page
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert bulk.status_code in (302, 403)
    assert_not_moved(application)


def test_an_editor_gets_nothing_from_the_bulk_action(client, editor, backend):
    application = apply(backend)
    client.force_login(editor)

    shown = client.get(bulk_url(application))
    posted = client.post(bulk_url(application), {"stage": stage("hired").pk})

    for response in (shown, posted):
        assert response.status_code in (302, 403)
        assert "Ada Lovelace" not in response.content.decode()
    application.refresh_from_db()
    assert application.stage == stage("new")


def test_the_bulk_action_moves_the_ticked_applications_each_logged(
    client, hiring_member, backend, designer
):
    ada = apply(backend)
    grace = apply(
        designer, name="Grace Hopper", email="grace@example.com", stage=stage("reviewing")
    )
    alan = apply(backend, name="Alan Turing", email="alan@example.com", stage=stage("interview"))
    untouched = apply(backend, name="Edsger Dijkstra", email="ed@example.com")
    client.force_login(hiring_member)

    html = listing(client).content.decode()
    assert "Move to stage…" in html  # the bulk action's button in the listing's footer
    assert "data-bulk-action-checkbox" in html
    confirm = client.get(bulk_url(ada, grace, alan))
    assert confirm.status_code == 200
    assert "Move 3 applications" in confirm.content.decode()
    response = client.post(
        bulk_url(ada, grace, alan), {"stage": stage("interview").pk}, follow=True
    )

    assert "2 applications moved to Interview." in response.content.decode()
    moved = dict(Application.objects.values_list("name", "stage__slug"))
    assert moved == {
        "Ada Lovelace": "interview",
        "Grace Hopper": "interview",
        "Alan Turing": "interview",
        "Edsger Dijkstra": "new",
    }
    assert [e.data for e in stage_changes(ada)] == [{"from": "New", "to": "Interview"}]
    assert [e.data for e in stage_changes(grace)] == [{"from": "Reviewing", "to": "Interview"}]
    assert stage_changes(alan) == [] and stage_changes(untouched) == []
    assert {e.user for e in ModelLogEntry.objects.filter(action=STAGE_CHANGE_ACTION)} == {
        hiring_member
    }


def test_the_bulk_action_refuses_an_unknown_stage(client, hiring_member, backend):
    application = apply(backend)
    client.force_login(hiring_member)

    response = client.post(bulk_url(application), {"stage": 999999})

    assert response.status_code == 200  # the form again, with its error
    assert "There is no such stage; choose one from the list." in response.content.decode()
    assert_not_moved(application)
