"""A posting's application questions: the ``questions:`` front matter key.

No Django: the parser and renderer share it, and the content and hiring apps
describe questions with the same :class:`Question`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..form_fields import APPLICATION_FIELDS, SOURCE_FIELDS

#: The question types, as Careers Markdown spells them (and the API's ``type``).
QUESTION_TYPES = (
    "text",
    "textarea",
    "choice",
    "multichoice",
    "boolean",
    "number",
    "date",
    "url",
    "file",
)
CHOICE_TYPES = ("choice", "multichoice")
QUESTION_KEYS = ("name", "type", "label", "required", "options", "help", "private")
#: Names the standard form fields, the source fields (and the consent and
#: honeypot fields) take.
RESERVED_NAMES = frozenset(
    {
        *(field.name for field in (*APPLICATION_FIELDS, *SOURCE_FIELDS)),
        "consent",
        "talent_pool",
        "website",
    }
)
NAME_MAX_LENGTH = 50
LABEL_MAX_LENGTH = 255
HELP_MAX_LENGTH = 500
OPTION_MAX_LENGTH = 200
MAX_OPTIONS = 50
MAX_QUESTIONS = 50

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Question:
    """One question of the application form, after the standard fields."""

    name: str
    type: str
    label: str
    required: bool = False
    options: tuple[str, ...] = ()
    help: str = ""
    private: bool = False


def question_problems(questions: Iterable[Question]) -> Iterable[tuple[int, str]]:
    """``(position, message)`` for each question that cannot be asked: a bad or
    repeated name, an unknown type, a choice without options …"""
    seen: set[str] = set()
    for position, question in enumerate(questions):
        for problem in _problems(question, seen):
            yield position, problem
        seen.add(question.name)


def _problems(question: Question, seen: set[str]) -> Iterable[str]:
    name = question.name
    if not (_NAME.match(name) and len(name) <= NAME_MAX_LENGTH):
        yield (
            f"question name {name!r} must be lower-case letters, digits and '_', "
            f"starting with a letter, at most {NAME_MAX_LENGTH} characters"
        )
    elif name in RESERVED_NAMES:
        yield f"question name '{name}' is taken by a standard field of the form"
    elif name in seen:
        yield f"question name '{name}' is repeated"
    if question.type not in QUESTION_TYPES:
        yield f"question '{name}': unknown type {question.type!r}; known: {', '.join(QUESTION_TYPES)}"
    if not question.label.strip() or len(question.label) > LABEL_MAX_LENGTH:
        yield f"question '{name}' needs a 'label' of at most {LABEL_MAX_LENGTH} characters"
    if len(question.help) > HELP_MAX_LENGTH:
        yield f"question '{name}': 'help' is longer than {HELP_MAX_LENGTH} characters"
    if question.type in CHOICE_TYPES:
        if not question.options:
            yield f"question '{name}' is a {question.type} without 'options'"
        elif len(set(question.options)) != len(question.options):
            yield f"question '{name}' lists an option twice"
        elif len(question.options) > MAX_OPTIONS:
            yield f"question '{name}' has more than {MAX_OPTIONS} options"
        elif any(
            not option.strip() or len(option) > OPTION_MAX_LENGTH for option in question.options
        ):
            yield f"question '{name}': options must be 1 to {OPTION_MAX_LENGTH} characters"
    elif question.options:
        yield f"question '{name}': only choice and multichoice questions have 'options'"


def read_questions(
    value: object, line_of: Callable[[int], int], error: Callable[[str, int], Exception]
) -> tuple[Question, ...]:
    """The ``questions:`` front matter value as questions. ``line_of(i)`` is the
    line of the ``i``-th list item; ``error(message, line)`` makes the error."""
    if not isinstance(value, list) or not value:
        raise error("'questions' must be a list of questions", line_of(-1))
    if len(value) > MAX_QUESTIONS:
        raise error(f"a posting asks at most {MAX_QUESTIONS} questions", line_of(-1))
    questions = []
    for position, item in enumerate(value):
        line = line_of(position)
        if not isinstance(item, dict):
            raise error("a question must be a mapping of 'name', 'type', 'label' …", line)
        unknown = [str(key) for key in item if key not in QUESTION_KEYS]
        if unknown:
            raise error(
                f"unknown question key '{unknown[0]}'; known keys: {', '.join(QUESTION_KEYS)}",
                line,
            )
        for key in ("name", "type", "label"):
            if not isinstance(item.get(key), str):
                raise error(f"a question needs a '{key}' (text)", line)
        for key in ("required", "private"):
            if not isinstance(item.get(key, False), bool):
                raise error(f"question '{item['name']}': '{key}' must be true or false", line)
        options = item.get("options", [])
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            raise error(
                f"question '{item['name']}': 'options' must be a list of texts (quote values such as 'yes' or '10')",
                line,
            )
        help_text = item.get("help", "")
        if not isinstance(help_text, str):
            raise error(f"question '{item['name']}': 'help' must be text", line)
        questions.append(
            Question(
                name=item["name"],
                type=item["type"],
                label=item["label"],
                required=item.get("required", False),
                options=tuple(options),
                help=help_text,
                private=item.get("private", False),
            )
        )
    for position, problem in question_problems(questions):
        raise error(problem, line_of(position))
    return tuple(questions)


def questions_front_matter(questions: Iterable[Question]) -> list[dict]:
    """The questions as the canonical ``questions:`` value: the keys in
    ``QUESTION_KEYS`` order, those at their default left out."""
    written = []
    for question in questions:
        item: dict = {"name": question.name, "type": question.type, "label": question.label}
        if question.required:
            item["required"] = True
        if question.options:
            item["options"] = list(question.options)
        if question.help:
            item["help"] = question.help
        if question.private:
            item["private"] = True
        written.append(item)
    return written
