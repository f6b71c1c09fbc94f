"""Reports → Self-identification: private answers counted per posting,
question and answer, behind a permission of its own; small counts hidden,
no totals, nothing that leads to an applicant."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from careers_pages.hiring.models import PrivateAnswer
from careers_pages.models import CareersIndexPage
from tests.factories import add_question_posting, apply, question, user_in

pytestmark = pytest.mark.django_db

REPORT = reverse("careers_private_answer_report")
JANUARY, FEBRUARY, MARCH = (datetime.date(2026, month, 1) for month in (1, 2, 3))


@pytest.fixture
def index(imported_site):
    return CareersIndexPage.objects.get()


def private_posting(index, slug):
    return add_question_posting(
        index,
        slug,
        questions=[
            question("choice", "gender", "Gender", options=["Woman", "Man", "Other"], private=True),
            question("boolean", "veteran", "Are you a veteran?", private=True),
        ],
        title=slug.replace("-", " ").title(),
    )


@pytest.fixture
def platform(index):
    return private_posting(index, "platform-engineer")


def answers(posting, question, answer, count, month=JANUARY):
    PrivateAnswer.objects.bulk_create(
        PrivateAnswer(posting=posting, question=question, answer=answer, month=month)
        for _ in range(count)
    )


@pytest.fixture
def permitted(django_user_model):
    user = user_in(django_user_model, "Hiring team", "analyst")
    user.user_permissions.add(Permission.objects.get(codename="view_private_answer_report"))
    return user


def rows(html):
    """The report's table as (posting, question, answer, count) rows."""
    if '<table class="listing' not in html:
        return []
    table = html[html.index('<table class="listing') :]
    body = table[table.index("<tbody") : table.index("</tbody>")]
    cells = [
        re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", row, re.S)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]
    return [tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in row) for row in cells]


def test_others_get_a_403_and_no_menu_item(client, django_user_model, admin_user):
    hiring = user_in(django_user_model, "Hiring team", "recruiter")
    for user in (hiring, user_in(django_user_model, "Editors", "editor")):
        client.force_login(user)
        assert client.get(REPORT).status_code == 403
        assert client.get(reverse("careers_private_answer_report_results")).status_code == 403
        assert REPORT not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.logout()
    assert client.get(REPORT).status_code == 302  # to the admin's login


def test_it_appears_in_the_reports_menu_for_the_permitted(client, permitted, platform):
    client.force_login(permitted)

    assert REPORT in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(REPORT)
    assert response.status_code == 200
    assert "Self-identification" in response.content.decode()


def test_counts_below_five_are_hidden_and_there_are_no_totals(client, permitted, platform):
    answers(platform, "gender", "Woman", 5)
    answers(platform, "gender", "Man", 4)
    answers(platform, "veteran", "no", 1)
    client.force_login(permitted)

    html = client.get(REPORT).content.decode()

    assert rows(html) == [
        ("Platform Engineer", "Gender", "Man", "fewer than 5"),
        ("Platform Engineer", "Gender", "Woman", "5"),
        ("Platform Engineer", "Are you a veteran?", "no", "fewer than 5"),
    ]
    table = html[html.index('<table class="listing') :]
    table = re.sub(r"\s+", "", table[: table.index("</table>")])
    for hidden in (">4<", ">1<", ">9<", ">10<", "Total", "total"):
        assert hidden not in table
    assert "3 rows" in html


def test_no_link_leads_to_an_applicant(client, permitted, platform):
    application = apply(platform, name="Ada Lovelace", email="ada@example.com")
    answers(platform, "gender", "Woman", 6)
    client.force_login(permitted)

    html = client.get(REPORT).content.decode()
    table = html[html.index('<table class="listing') :]
    table = table[: table.index("</table>")]

    assert "Ada Lovelace" not in html and "ada@example.com" not in html
    assert "/admin/applications/" not in table
    assert reverse("applications:inspect", args=[application.pk]) not in html
    assert "<a " not in table  # not even to the posting: nothing to click through to


def test_filters_by_posting_and_period(client, permitted, index, platform):
    design = private_posting(index, "brand-designer")
    answers(platform, "gender", "Woman", 5, JANUARY)
    answers(platform, "gender", "Woman", 7, MARCH)
    answers(design, "gender", "Other", 6, FEBRUARY)
    client.force_login(permitted)

    def report(**params):
        return rows(client.get(REPORT, params).content.decode())

    assert report() == [  # by posting title
        ("Brand Designer", "Gender", "Other", "6"),
        ("Platform Engineer", "Gender", "Woman", "12"),
    ]
    assert report(posting=design.pk) == [("Brand Designer", "Gender", "Other", "6")]
    # Whole months: any day of a month stands for that month.
    assert report(period_from="2026-01-20", period_to="2026-02-03") == [
        ("Brand Designer", "Gender", "Other", "6"),
        ("Platform Engineer", "Gender", "Woman", "5"),
    ]
    assert report(period_from="2026-03-31") == [("Platform Engineer", "Gender", "Woman", "7")]
    assert report(posting=platform.pk, period_to="2026-02-28") == [
        ("Platform Engineer", "Gender", "Woman", "5")
    ]


def test_the_export_hides_small_counts_too(client, permitted, platform):
    answers(platform, "gender", "Woman", 3)
    client.force_login(permitted)

    response = client.get(REPORT, {"export": "csv"})

    exported = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert exported == [
        {
            "Posting": "Platform Engineer",
            "Question": "Gender",
            "Answer": "Woman",
            "Number of answers": "fewer than 5",
        }
    ]


def test_the_query_count_does_not_grow_with_postings(
    client, permitted, index, platform, django_assert_max_num_queries
):
    answers(platform, "gender", "Woman", 5)
    client.force_login(permitted)
    client.get(REPORT)  # the session, the user and the menu once
    with django_assert_max_num_queries(15) as one:
        client.get(REPORT)

    for slug in ("a-engineer", "b-engineer", "c-engineer", "d-engineer"):
        posting = private_posting(index, slug)
        answers(posting, "gender", "Man", 5)
        answers(posting, "veteran", "yes", 5)
    # Postings asking the careers page's default questions (labels from there).
    index.default_questions = [question("boolean", "disability", "Any disability?", private=True)]
    index.save()
    for slug in ("e-engineer", "f-engineer"):
        answers(add_question_posting(index, slug, questions=[]), "disability", "no", 5)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(REPORT)
    shown = rows(response.content.decode())
    assert len(shown) == 11
    assert ("E Engineer", "Any disability?", "no", "5") in shown


def test_answers_of_a_deleted_posting_stay_counted(client, permitted, platform):
    answers(platform, "gender", "Woman", 6)
    platform.delete()
    client.force_login(permitted)

    response = client.get(REPORT)

    assert response.status_code == 200
    assert rows(response.content.decode()) == [("(a deleted posting)", "gender", "Woman", "6")]
