"""The page editor's forms (Wagtail's ``base_form_class``)."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from .publish_checks import publish_problems


class PublishCheckedPageForm(WagtailAdminPageForm):
    """A page form that refuses Publish (and Submit for moderation) while
    ``publish_checks`` finds a problem, each named in a sentence of its own, and
    lets Save draft through: Wagtail marks the form ``is_deferred_validation``
    for a draft save (``defer_required_fields``), and the checks wait as the
    required fields do."""

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        for problem in publish_problems(self._meta.model, cleaned_data):
            # A sentence of its own above the form (Wagtail lists every error there
            # once one is not a field's), and the field marked where it is.
            self.add_error(None, problem.message)
            if problem.field in self.fields and problem.field not in self.errors:
                self.add_error(problem.field, problem.field_message)
        return cleaned_data
