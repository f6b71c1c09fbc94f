"""What a page needs before it is published, and only then: a draft may be
saved incomplete (Wagtail defers its required fields on Save draft, and so do
these checks). The page editor's form calls :func:`publish_problems` on
Publish and on Submit for moderation; each check is a function registered with
:func:`publish_check`, so a new rule (such as a pay range where the law asks
for one) is one more function here, worded for the editor."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.text import capfirst


@dataclass(frozen=True)
class PublishProblem:
    """Why the page cannot be published: ``message`` names what is wrong, in a
    sentence of its own (the admin lists it above the form); ``field``, when
    there is one, is the form field to mark, with ``field_message`` beside it."""

    message: str
    field: str | None = None
    field_message: str = ""


#: A check: given the page model and the form's cleaned values, its problems.
PublishCheck = Callable[[type, dict], Iterable[PublishProblem]]
PUBLISH_CHECKS: list[PublishCheck] = []


def publish_check(check: PublishCheck) -> PublishCheck:
    """Register ``check`` (a decorator)."""
    PUBLISH_CHECKS.append(check)
    return check


def publish_problems(model: type, values: dict) -> list[PublishProblem]:
    """Every registered check's problems with publishing ``values`` as a ``model`` page."""
    return [problem for check in PUBLISH_CHECKS for problem in check(model, values)]


@publish_check
def sections_have_their_items(model: type, values: dict) -> Iterable[PublishProblem]:
    """The StreamFields a model lists in ``publish_min_items`` (``{field name:
    fewest items}``) hold at least that many items. Not StreamField's own
    ``min_num``: the editor's script would show its error on a new, untouched
    page and after every draft save, and its words name no section."""
    for name, fewest in getattr(model, "publish_min_items", {}).items():
        if name in values and len(values[name] or ()) < fewest:
            section = capfirst(model._meta.get_field(name).verbose_name)
            items = "one item" if fewest == 1 else f"{fewest} items"
            yield PublishProblem(
                message=f"{section} needs at least {items}.",
                field=name,
                field_message=f"Add at least {items} to publish.",
            )
