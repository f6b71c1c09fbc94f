"""The page editor's forms (Wagtail's ``base_form_class``): publish-only
checks for every page, and the posting's form, with each pay range checked and
named in its errors, and publishing refused where pay-transparency law requires
a range."""

from __future__ import annotations

from django.conf import settings
from wagtail.admin.forms import WagtailAdminPageForm

from . import pay
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


def _kept(formset) -> list:
    """The formset's forms that will be saved: not deleted, and not an
    untouched extra form."""
    kept = []
    for form in formset.forms:
        if not form.is_valid():
            kept.append(form)  # its own errors are shown; it is still there
            continue
        if form.cleaned_data.get("DELETE"):
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        kept.append(form)
    return kept


class JobPostingForm(PublishCheckedPageForm):
    """``JobPostingPage``'s edit and create form.

    - Every pay range follows ``pay.range_problems``; an error is shown on the
      range's field and, naming the range ("Pay range 2 (Berlin): …"), in the
      message above the form.
    - Besides ``publish_checks`` (``PublishCheckedPageForm``), publishing (and scheduling, and submitting for moderation: every action
      but Save draft, for which Wagtail defers required-field validation,
      ``is_deferred_validation``) is refused while the posting has no pay
      range and one of its places requires one
      (``CAREERS_PAY_TRANSPARENCY_JURISDICTIONS``), naming the place.
    """

    def clean(self):
        cleaned = super().clean()
        ranges = _kept(self.formsets["pay_ranges"]) if "pay_ranges" in self.formsets else []
        for position, form in enumerate(ranges, start=1):
            data = getattr(form, "cleaned_data", {})
            if form.errors or not data:
                continue
            currency = (data.get("currency") or "").strip().upper()
            problems = pay.range_problems(
                data.get("min"), data.get("max"), currency, data.get("interval") or ""
            )
            for field, message in problems.items():
                form.add_error(field, message[0].upper() + message[1:] + ".")
                self.add_error(
                    None, f"{pay.range_name(position, data.get('label', ''))}: {message}."
                )
        self.name_location_errors()
        if not self.is_deferred_validation and not ranges:
            places = self.places_requiring_pay(cleaned)
            if places:
                self.add_error(None, pay.refusal(places))
        return cleaned

    def name_location_errors(self):
        """Each location's own errors also above the form, naming the location
        as pay ranges are named: "Location 2 (Berlin): Country: …"."""
        locations = self.formsets.get("posting_locations")
        for position, form in enumerate(_kept(locations) if locations is not None else [], 1):
            city = (form.data.get(form.add_prefix("city")) or "").strip()
            name = f"Location {position}" + (f" ({city})" if city else "")
            for field, messages in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for message in messages:
                    self.add_error(None, f"{name}: {label + ': ' if label else ''}{message}")

    def places_requiring_pay(self, cleaned: dict) -> list[str]:
        from .models import parse_country_codes

        locations = self.formsets.get("posting_locations")
        places = [
            (
                form.cleaned_data.get("city", ""),
                form.cleaned_data.get("region", ""),
                (form.cleaned_data.get("country") or "").strip().upper(),
            )
            for form in (_kept(locations) if locations is not None else [])
            if not form.errors
        ]
        remote = cleaned.get("workplace_type") == "remote"
        countries = parse_country_codes(cleaned.get("remote_country_codes") or "")
        return pay.places_requiring_pay(
            places,
            remote=remote,
            remote_countries=countries or None,
            jurisdictions=getattr(settings, pay.SETTING),
        )
