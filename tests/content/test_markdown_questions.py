"""The ``questions:`` front matter key: read, written back byte for byte, kept
through the database, and refused with file:line when a question is bad."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from careers_pages.markdown import CareersFormatError, Question, parse_posting, render_posting
from careers_pages.markdown.questions import QUESTION_TYPES
from careers_pages.models import JobPostingPage
from tests.strategies import editor_text, posting_file

INDEX = "/company/careers"

QUESTIONS = """questions:
- name: notice
  type: choice
  label: Notice period
  required: true
  options:
  - None
  - 1 month
  - 3 months
- name: relocate
  type: boolean
  label: Would you relocate?
- name: why_us
  type: textarea
  label: Why us?
  required: true
  help: A few lines are plenty.
- name: gender
  type: multichoice
  label: How do you describe yourself?
  options:
  - Woman
  - Man
  - Non-binary
  private: true
"""


def with_questions(front: str = QUESTIONS) -> str:
    return posting_file().replace("---\n\n", f"{front}---\n\n", 1)


def test_questions_are_read_and_written_back_byte_for_byte():
    source = with_questions()
    doc = parse_posting(source, "p.md")
    assert doc.questions == (
        Question("notice", "choice", "Notice period", True, ("None", "1 month", "3 months")),
        Question("relocate", "boolean", "Would you relocate?"),
        Question("why_us", "textarea", "Why us?", True, help="A few lines are plenty."),
        Question(
            "gender",
            "multichoice",
            "How do you describe yourself?",
            options=("Woman", "Man", "Non-binary"),
            private=True,
        ),
    )
    assert render_posting(doc, index_url=INDEX) == source


def test_a_file_without_questions_writes_none():
    source = posting_file()
    doc = parse_posting(source, "p.md")
    assert doc.questions is None
    assert "questions" not in render_posting(doc, index_url=INDEX)


@pytest.mark.parametrize(
    "broken, line, message",
    [
        ("  type: boolean\n", "  type: checkbox\n", ":12: question 'relocate': unknown type"),
        ("- name: why_us\n", "- name: notice\n", ":15: question name 'notice' is repeated"),
        ("  private: true\n", "  private: yes please\n", ":20: question 'gender': 'private'"),
        ("- name: why_us\n", "- name: email\n", ":15: question name 'email' is taken"),
        ("- name: why_us\n", "- name: Why Us\n", ":15: question name 'Why Us' must be"),
        ("  label: Would you relocate?\n", "", ":12: a question needs a 'label'"),
        ("  help: A few lines are plenty.\n", "  hint: x\n", ":15: unknown question key 'hint'"),
    ],
)
def test_a_bad_question_is_refused_with_file_and_line(broken, line, message):
    source = with_questions(QUESTIONS.replace(broken, line, 1))
    with pytest.raises(CareersFormatError) as caught:
        parse_posting(source, "postings/p.md")
    assert str(caught.value).startswith("postings/p.md" + message.split(" ", 1)[0])
    assert message.split(" ", 1)[1] in str(caught.value)


def test_a_choice_without_options_is_refused_with_its_line():
    front = "questions:\n- name: pick\n  type: choice\n  label: Pick one\n"
    with pytest.raises(CareersFormatError, match=r"^p\.md:4: question 'pick' is a choice "):
        parse_posting(with_questions(front), "p.md")


@pytest.mark.parametrize("value", ["[]", "yes", "{name: x}", "\n- just text"])
def test_questions_that_are_not_a_list_of_questions_are_refused(value):
    with pytest.raises(CareersFormatError, match=r"^p\.md:(3|4): "):
        parse_posting(with_questions(f"questions: {value}\n"), "p.md")


question_names = st.from_regex(r"\A[a-z][a-z0-9_]{0,20}\Z").filter(
    lambda n: n not in {"role", "name", "email", "resume", "linkedin", "github", "message"}
)
option_lists = st.lists(
    editor_text(max_size=10).filter(str.strip), min_size=1, max_size=4, unique=True
)


@st.composite
def questions(draw):
    names = draw(st.lists(question_names, min_size=1, max_size=4, unique=True))
    made = []
    for name in names:
        type_ = draw(st.sampled_from(QUESTION_TYPES))
        made.append(
            Question(
                name=name,
                type=type_,
                label=draw(editor_text().filter(str.strip)),
                required=draw(st.booleans()),
                options=tuple(draw(option_lists)) if type_ in ("choice", "multichoice") else (),
                help=draw(st.one_of(st.just(""), editor_text())),
                private=draw(st.booleans()),
            )
        )
    return tuple(made)


@given(asked=questions())
def test_any_questions_an_editor_can_write_round_trip(asked):
    doc = parse_posting(posting_file(), "p.md")
    doc.questions = asked
    written = render_posting(doc, index_url=INDEX)
    again = parse_posting(written, "p.md")
    assert again.questions == asked
    assert render_posting(again, index_url=INDEX) == written


@pytest.mark.django_db
def test_questions_survive_import_and_export(imported_site, tmp_path):
    source = (imported_site / "postings" / "developer-advocate.md").read_text()
    target = tmp_path / "in" / "postings" / "developer-advocate.md"
    target.parent.mkdir(parents=True)
    target.write_text(source.replace("---\n\n", f"{QUESTIONS}---\n\n", 1))
    call_command("import_careers", str(target), verbosity=0)

    page = JobPostingPage.objects.get(slug="developer-advocate")
    asked = page.application_questions()
    assert [(q.name, q.type) for q in asked] == [
        ("notice", "choice"),
        ("relocate", "boolean"),
        ("why_us", "textarea"),
        ("gender", "multichoice"),
    ]
    out = tmp_path / "out"
    call_command("export_careers", str(out), verbosity=0)
    assert (out / "postings" / "developer-advocate.md").read_text() == target.read_text()
    # Importing the export again changes nothing.
    revisions = page.revisions.count()
    call_command("import_careers", str(out / "postings" / "developer-advocate.md"), verbosity=0)
    assert page.revisions.count() == revisions


@pytest.mark.django_db
def test_a_bad_question_refuses_the_import_and_writes_nothing(imported_site, tmp_path, capsys):
    source = (imported_site / "postings" / "developer-advocate.md").read_text()
    target = tmp_path / "developer-advocate.md"
    target.write_text(
        source.replace("---\n\n", f"{QUESTIONS.replace('boolean', 'yesno')}---\n\n", 1)
    )
    with pytest.raises(CommandError, match="nothing written"):
        call_command("import_careers", str(target), verbosity=0)
    assert f"{target}:14: question 'relocate': unknown type 'yesno'" in capsys.readouterr().err
    assert not JobPostingPage.objects.get(slug="developer-advocate").questions
