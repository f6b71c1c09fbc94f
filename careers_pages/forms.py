"""The page editor's forms (Wagtail's ``base_form_class``)."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from .publish_checks import publish_problems


class PublishCheckedPageForm(WagtailAdminPageForm):
    """A page form that refuses Publish (and Submit for moderation) while
    ``publish_checks`` finds a problem, each named in the banner and marked on its
    field, and lets Save draft through: Wagtail marks the form ``is_deferred_validation``
    for a draft save (``defer_required_fields``), and the checks wait as the
    required fields do."""

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        marked = False
        for problem in publish_problems(self._meta.model, cleaned_data):
            if problem.field in self.fields and problem.field not in self.errors:
                # Marked where it is; the banner lists it as "Responsibilities: …".
                self.add_error(problem.field, problem.field_message)
                marked = True
            else:
                self.add_error(None, problem.message)
        if marked and not self.non_field_errors():
            # Wagtail's banner lists the errors only when one is not a field's.
            self.add_error(None, "Not published: each of the above is needed first.")
        return cleaned_data
