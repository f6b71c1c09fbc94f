"""The admin's posting form: each pay range checked and named in its errors,
and publishing refused where pay-transparency law requires a range."""

from __future__ import annotations

from django.conf import settings
from wagtail.admin.forms import WagtailAdminPageForm

from . import pay


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


class JobPostingForm(WagtailAdminPageForm):
    """``JobPostingPage``'s edit and create form.

    - Every pay range follows ``pay.range_problems``; an error is shown on the
      range's field and, naming the range ("Pay range 2 (Berlin): …"), in the
      message above the form.
    - Publishing (and scheduling, and submitting for moderation: every action
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
        if not self.is_deferred_validation and not ranges:
            places = self.places_requiring_pay(cleaned)
            if places:
                self.add_error(None, pay.refusal(places))
        return cleaned

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
