"""The careers content model: the careers index page, job postings and departments."""

from __future__ import annotations

import datetime
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.log_actions import log
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction, Site
from wagtail.query import PageQuerySet
from wagtail.search import index

from . import pay, visibility
from .blocks import (
    RICH_TEXT_FEATURES,
    IndexSectionsBlock,
    ListItemBlock,
    QuestionsBlock,
    questions_of,
)
from .form_fields import WORDED_FIELDS
from .forms import JobPostingForm
from .markdown import EMPLOYMENT_TYPE_LABELS, EMPLOYMENT_TYPES, SALARY_INTERVALS
from .markdown.locations import country_code

EMPLOYMENT_TYPE_CHOICES = [(value, EMPLOYMENT_TYPE_LABELS[value]) for value in EMPLOYMENT_TYPES]
WORKPLACE_TYPE_CHOICES = [("remote", "Remote"), ("hybrid", "Hybrid"), ("on-site", "On-site")]
SALARY_INTERVAL_CHOICES = [(value, f"Per {value.lower()}") for value in SALARY_INTERVALS]

DEFAULT_INDEX_PATH = "/company/careers"
#: The audit log action of a scheduled publish refused for want of a pay range.
PUBLISH_REFUSED = "careers_pages.publish_refused"

logger = logging.getLogger(__name__)


def site_path(page: Page, request=None) -> str:
    """The page's path on its site, as the frontend serves it: ``/company/careers``.
    With the ``request``, Wagtail reads the sites' root paths once per request."""
    parts = page.get_url_parts(request)
    if parts is None:
        return page.url_path.rstrip("/") or "/"
    return parts[2] or "/"


class PublicPageQuerySet(PageQuerySet):
    def visible(self, now=None):
        """What anonymous visitors may see: live, without a view restriction of
        any kind on the page or an ancestor, and not past ``expire_at`` at
        ``now`` (default: this moment), even if ``publish_scheduled`` has not
        yet unpublished it. One query: the view restrictions are matched in it
        (a restricted page's path is a prefix of the path of every page it
        hides), where Wagtail's ``public()`` reads them all first. ``careers_pages.visibility`` says
        which of these each consumer shows."""
        restricted = PageViewRestriction.objects.filter(
            StartsWith(ExpressionWrapper(OuterRef("path"), CharField()), F("page__path"))
        )
        now = timezone.now() if now is None else now
        unexpired = Q(expire_at__isnull=True) | Q(expire_at__gt=now)
        return self.live().filter(~Exists(restricted), unexpired)


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)


@register_setting(icon="group")
class HiringOrganization(BaseSiteSetting):
    """Who is hiring, for job search engines (schema.org ``hiringOrganization``)."""

    name = models.CharField(
        max_length=255,
        blank=True,
        help_text="Required for search engines: until it is set, postings carry no job "
        "markup (JSON-LD) and the job-board feeds name no publisher.",
    )
    url = models.URLField("website", blank=True)
    logo_url = models.URLField("logo URL", blank=True)
    address_country = models.CharField(
        "country",
        max_length=2,
        blank=True,
        help_text="ISO 3166 code of the country postings are located in by default, such as IN.",
    )
    remote_applicant_countries = models.CharField(
        max_length=255,
        blank=True,
        help_text="Where applicants to remote postings that name no countries of their own "
        "may live: country names or ISO codes, comma-separated. Google requires at least "
        "one country on a remote posting.",
    )

    class Meta:
        verbose_name = "hiring organization"

    def remote_countries(self) -> list[str]:
        return [c.strip() for c in self.remote_applicant_countries.split(",") if c.strip()]

    @classmethod
    def for_page(cls, page: Page) -> HiringOrganization:
        """Who hires through ``page``: the setting of the site the page belongs
        to (found from Wagtail's cached site root paths), whichever host the
        API is asked through; or of the default site. One query once saved;
        never saved, its defaults are stored on first read, as Wagtail does."""
        parts = page.get_url_parts()
        if parts is not None:
            site_id = parts[0]
        else:  # not under any site's root
            site_id = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
        organization = (
            cls.objects.select_related("site").filter(site_id=site_id).first()
            if site_id is not None
            else None
        )
        if organization is None:
            site = Site.objects.filter(pk=site_id).first()
            organization = cls.for_site(site) if site else cls()
        return organization


class Department(index.Indexed, models.Model):
    """A team postings belong to; the careers index groups open positions by it."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    icon = models.CharField(
        max_length=50, blank=True, help_text="A Lucide icon name, such as 'settings'."
    )
    sort_order = models.PositiveIntegerField(
        "order", default=0, help_text="Departments are listed from the lowest number up."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("icon"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


#: The Wagtail hook that may answer the admin's Preview of a careers page: called
#: with the page, the request and the preview mode, it returns a response, or
#: None to leave it to the next hook. The previews app registers one that opens
#: the real frontend with a preview token; without any, Wagtail renders the
#: page's template.
SERVE_PREVIEW_HOOK = "careers_serve_preview"


class FrontendPreviewMixin:
    """The admin's Preview (and live preview panel) is served by the
    ``SERVE_PREVIEW_HOOK`` hooks, when one answers."""

    def serve_preview(self, request, mode_name):
        for serve in hooks.get_hooks(SERVE_PREVIEW_HOOK):
            response = serve(self, request, mode_name)
            if response is not None:
                return response
        return super().serve_preview(request, mode_name)


def frontend_elsewhere(request) -> str:
    """The base URL of the frontend that serves the careers pages, when that is
    not this server: ``CAREERS_FRONTEND_BASE_URL`` with the reference frontend
    off, naming another host (or port). Otherwise blank. The host is compared
    without the scheme, so that a proxy ending TLS in front of this server does
    not make a base URL naming this very server look like another one."""
    base = settings.CAREERS_FRONTEND_BASE_URL
    if settings.CAREERS_FRONTEND_ENABLED or not base:
        return ""
    if _authority(urlsplit(base).netloc) == _authority(request.get_host()):
        return ""
    return base


def _authority(netloc: str) -> str:
    return netloc.lower().removesuffix(":443").removesuffix(":80")


class PublicPageServingMixin:
    """A careers page at its page URL shows what the public API shows, and
    nothing else (``is_shown_publicly``).

    Wagtail on its own would serve an expired page until ``publish_scheduled``
    runs, a live posting under an unpublished index, and, after a login or a
    password, a restricted one. The API shows none of these to anyone, so here
    they are not found either: no login redirect or password form, which would
    tell that the page exists. The check is made while routing, before
    Wagtail's view restriction hooks.

    A page that is shown redirects to the frontend on another origin when one
    is named (``frontend_elsewhere``); else this server renders its template."""

    def is_shown_publicly(self) -> bool:
        raise NotImplementedError

    def route(self, request, path_components):
        if not path_components and not self.is_shown_publicly():
            raise Http404
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        frontend = frontend_elsewhere(request)
        if frontend:
            # Temporary: what is shown changes with closing dates, and the
            # frontend's address with a setting; browsers keep a 301 for good.
            query = request.META.get("QUERY_STRING")
            target = f"{frontend}{site_path(self)}" + (f"?{query}" if query else "")
            return HttpResponseRedirect(target)
        return super().serve(request, *args, **kwargs)


class ApplicationFormTexts(models.Model):
    """The careers index's label and placeholder of each field of the
    application form that it words: ``name_label``, ``name_placeholder`` …,
    one pair per field of ``form_fields.WORDED_FIELDS``."""

    class Meta:
        abstract = True

    @staticmethod
    def form_text_panels() -> list[MultiFieldPanel]:
        """A panel per worded field: its label and placeholder side by side."""
        return [
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel(f"{spec.name}_label"), FieldPanel(f"{spec.name}_placeholder")]
                    )
                ],
                heading=spec.heading,
            )
            for spec in WORDED_FIELDS
        ]


def _add_form_text_columns(model):
    for spec in WORDED_FIELDS:
        label = models.CharField("label", max_length=255, default=spec.label)
        model.add_to_class(f"{spec.name}_label", label)
        # A field without a default placeholder has none in the column either.
        default = {} if spec.placeholder is None else {"default": spec.placeholder}
        placeholder = models.CharField("placeholder", max_length=255, blank=True, **default)
        model.add_to_class(f"{spec.name}_placeholder", placeholder)


_add_form_text_columns(ApplicationFormTexts)


class CareersIndexPage(  # noqa: DJ008 (Page gives it __str__)
    PublicPageServingMixin, FrontendPreviewMixin, ApplicationFormTexts, Page
):
    """The careers page: hero, sections, open positions and the application form's texts."""

    hero_heading = models.CharField("heading", max_length=255, default="Join us")
    hero_subheading = models.TextField("subheading", blank=True)
    hero_button_label = models.CharField(
        "button label", max_length=100, default="See Open Positions"
    )
    sections = StreamField(IndexSectionsBlock(), blank=True)
    open_positions_heading = models.CharField("heading", max_length=255, default="Open Positions")
    open_positions_subheading = models.TextField("subheading", blank=True)

    form_heading = models.CharField("form heading", max_length=255, default="Apply")
    submit_label = models.CharField("submit button", max_length=100, default="Submit Application")
    success_heading = models.CharField(
        "success heading", max_length=255, default="Application has been submitted"
    )
    success_subheading = models.TextField(
        "success subheading",
        blank=True,
        default="We'll reach out to you in 3-5 days if we decide to proceed with your application.",
    )
    success_path = models.CharField(
        "success page path",
        max_length=255,
        blank=True,
        help_text="Where applicants land after applying. Leave blank for '<careers page>/success'.",
    )
    consent_required = models.BooleanField(
        "ask for consent",
        default=False,
        help_text="Applicants must tick a box agreeing to how their data is processed.",
    )
    consent_text = models.TextField(
        "consent text",
        blank=True,
        default="I agree that my application is stored and processed for this and similar "
        "roles, and deleted after one year.",
    )
    default_questions = StreamField(
        QuestionsBlock(),
        blank=True,
        help_text="Asked on every posting that has no questions of its own.",
    )
    # Keys of an imported careers-index.json that this CMS does not model (such as
    # "source"); kept so that export gives the file back whole.
    import_extras = models.JSONField(default=dict, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_subheading"),
                FieldPanel("hero_button_label"),
            ],
            heading="Hero",
        ),
        FieldPanel("sections"),
        MultiFieldPanel(
            [FieldPanel("open_positions_heading"), FieldPanel("open_positions_subheading")],
            heading="Open positions",
            help_text="Published postings are listed here, grouped by department.",
        ),
    ]
    form_panels = [
        HelpPanel(
            "The texts of the application form every posting shows, and of the page "
            "applicants see once they have applied."
        ),
        FieldPanel("form_heading"),
        *ApplicationFormTexts.form_text_panels(),
        MultiFieldPanel(
            [FieldPanel("consent_required"), FieldPanel("consent_text")], heading="Consent"
        ),
        FieldPanel("default_questions", heading="Questions"),
        FieldPanel("submit_label"),
        MultiFieldPanel(
            [
                FieldPanel("success_heading"),
                FieldPanel("success_subheading"),
                FieldPanel("success_path"),
            ],
            heading="After applying",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(form_panels, heading="Form"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    subpage_types = ["careers_pages.JobPostingPage"]
    search_fields = [*Page.search_fields, index.SearchField("hero_subheading")]
    api_fields = [
        APIField("hero_heading"),
        APIField("hero_subheading"),
        APIField("hero_button_label"),
        APIField("sections"),
        APIField("open_positions_heading"),
        APIField("open_positions_subheading"),
    ]
    objects = PublicPageManager()
    template = "careers_pages/careers_index_page.html"

    class Meta:
        verbose_name = "careers index"

    def get_success_path(self, request=None) -> str:
        return self.success_path or f"{site_path(self, request).rstrip('/')}/success"

    def is_shown_publicly(self) -> bool:
        """Whether the API shows this page: it is the visible careers index."""
        shown = visibility.careers_index()
        return shown is not None and shown.pk == self.pk

    def open_postings(self):
        """The postings this page lists, in its order (``visibility.open_postings``)."""
        return visibility.open_postings(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["postings"] = self.open_postings()
        return context


def parse_country_codes(value: str) -> list[str]:
    """'de, FR' → ['DE', 'FR'], without repeats."""
    codes: list[str] = []
    for part in value.split(","):
        code = part.strip().upper()
        if code and code not in codes:
            codes.append(code)
    return codes


def validate_country_codes(value: str) -> None:
    bad = [code for code in parse_country_codes(value) if country_code(code) is None]
    if bad:
        raise ValidationError(
            f"'{bad[0]}' is not an ISO 3166-1 alpha-2 code; write codes such as DE, FR."
        )


def validate_country_code(value: str) -> None:
    if country_code(value) is None:
        raise ValidationError(f"'{value}' is not an ISO 3166-1 alpha-2 code such as DE or US.")


class JobPostingPage(PublicPageServingMixin, FrontendPreviewMixin, Page):
    """One open position. ``title`` is the role ("Back-end Engineer"); ``seo_title``
    the page title of the Markdown front matter."""

    location = models.CharField(
        "location badge",
        max_length=255,
        blank=True,
        help_text="The text the page shows, as written: 'Remote', 'Bengaluru, India (Hybrid)'. "
        "The structured locations below are what search engines and filters use.",
    )
    remote_country_codes = models.CharField(
        "remote applicants may live in",
        max_length=255,
        blank=True,
        validators=[validate_country_codes],
        help_text="For remote postings: ISO 3166-1 alpha-2 codes, comma-separated, "
        "such as 'DE, FR'. Leave blank for anywhere.",
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="postings",
    )
    description = models.TextField(
        "short description",
        blank=True,
        max_length=500,
        help_text="One or two sentences the careers index shows under the title.",
    )
    overview = RichTextField(features=RICH_TEXT_FEATURES)
    summary = RichTextField(features=RICH_TEXT_FEATURES)
    # Publishing needs an item in each (publish_min_items): checked on Publish only.
    responsibilities = StreamField(
        [("item", ListItemBlock())],
        blank=True,
        help_text="At least one is needed to publish.",
    )
    qualifications = StreamField(
        [("item", ListItemBlock())],
        blank=True,
        help_text="At least one is needed to publish.",
    )
    employment_type = models.CharField(max_length=20, choices=EMPLOYMENT_TYPE_CHOICES, blank=True)
    workplace_type = models.CharField(max_length=10, choices=WORKPLACE_TYPE_CHOICES, blank=True)
    compensation_note = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown with the pay: equity, bonus, benefits in kind.",
    )
    valid_through = models.DateField(
        "closing date",
        null=True,
        blank=True,
        help_text="The last day applications are accepted; the posting is unpublished after it.",
    )
    back_navigation_to = models.CharField(
        "back link",
        max_length=255,
        blank=True,
        help_text="Where the back arrow leads. Leave blank for the careers page.",
    )
    hiring_emails = models.CharField(
        "notify",
        max_length=500,
        blank=True,
        help_text="E-mail addresses (comma-separated) told of each application. "
        "Leave blank for the hiring team's address.",
    )
    # Which of department and description the posting's own Markdown file
    # gave, so that export writes each value back where it came from.
    front_matter_keys = models.JSONField(default=list, blank=True, editable=False)
    application_role = models.CharField(
        "role in the form",
        max_length=255,
        blank=True,
        help_text="The role the application form names. Leave blank to use the title.",
    )
    questions = StreamField(
        QuestionsBlock(),
        blank=True,
        help_text="Asked after the standard fields. Leave empty to ask the careers "
        "page's default questions; any question here replaces them all.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("overview"),
        FieldPanel("summary"),
        FieldPanel("responsibilities"),
        FieldPanel("qualifications"),
    ]
    details_panels = [
        FieldPanel("department"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("employment_type"), FieldPanel("workplace_type")]),
        FieldPanel("location"),
        InlinePanel("posting_locations", heading="Locations", label="location"),
        FieldPanel("remote_country_codes"),
        InlinePanel(
            "pay_ranges",
            heading="Pay ranges",
            label="pay range",
            help_text="One range, or one per location or zone. Required to publish a "
            "posting located where pay-transparency law applies.",
        ),
        FieldPanel("compensation_note"),
        FieldPanel("valid_through"),
    ]
    form_panels = [
        HelpPanel("Labels and texts of the form are set on the careers page, for all postings."),
        FieldPanel("application_role"),
        FieldPanel("questions"),
        FieldPanel("hiring_emails"),
        FieldPanel("back_navigation_to"),
    ]
    # The closing date sets expire_at, so only go-live is scheduled here.
    settings_panels = [MultiFieldPanel([FieldPanel("go_live_at")], heading="Scheduled publishing")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(details_panels, heading="Details"),
            ObjectList(form_panels, heading="Form"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(settings_panels, heading="Settings"),
        ]
    )

    base_form_class = JobPostingForm
    #: StreamFields and the fewest items each needs to publish (careers_pages.publish_checks).
    publish_min_items = {"responsibilities": 1, "qualifications": 1}

    parent_page_types = ["careers_pages.CareersIndexPage"]
    subpage_types = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("location"),
        index.SearchField("description"),
        index.SearchField("overview"),
        index.SearchField("summary"),
        index.SearchField("responsibilities"),
        index.SearchField("qualifications"),
        index.FilterField("department"),
        index.FilterField("location"),
        index.FilterField("employment_type"),
        index.FilterField("workplace_type"),
    ]
    template = "careers_pages/job_posting_page.html"
    objects = PublicPageManager()
    api_fields = [
        APIField("location"),
        # Shaped by the API's DepartmentSerializer (api/wagtail_api.py).
        APIField("department"),
        APIField("description"),
        APIField("overview"),
        APIField("summary"),
        APIField("responsibilities"),
        APIField("qualifications"),
        APIField("employment_type"),
        APIField("workplace_type"),
        # Shaped by the API's PayRangeSerializer (api/wagtail_api.py).
        APIField("pay_ranges"),
        APIField("compensation_note"),
        APIField("valid_through"),
    ]

    class Meta:
        verbose_name = "job posting"

    def remote_countries_list(self) -> list[str]:
        """The remote eligibility countries as codes; empty for anywhere."""
        return parse_country_codes(self.remote_country_codes)

    def clean(self):
        super().clean()
        errors = [
            f"{pay.range_name(position, r.label)}: {message}."
            for position, r in enumerate(pay.pay_ranges(self), start=1)
            for message in pay.range_problems(r.min, r.max, r.currency, r.interval).values()
        ]
        if errors:
            raise ValidationError(errors)
        self.expire_at = self.closing_time()

    def publish(self, revision, *args, log_action=True, **kwargs):
        """Publish ``revision``, unless it lacks the pay range a place of the
        posting requires (``pay.posting_places_requiring_pay``): then a
        ``ValidationError`` naming the place, whoever publishes (the admin,
        ``import_careers``, a workflow). A scheduled publish
        (``publish_scheduled``) is not made either: it is unscheduled and the
        refusal is recorded in the audit log, so that the other scheduled
        pages still go live."""
        places = pay.posting_places_requiring_pay(revision.as_object())
        if places:
            message = pay.refusal(places)
            if log_action == "wagtail.publish.scheduled":
                revision.approved_go_live_at = None
                revision.save(update_fields=["approved_go_live_at"])
                log(self, PUBLISH_REFUSED, data={"reason": message}, revision=revision)
                logger.warning("Scheduled publishing of %s refused: %s", self.url_path, message)
                return None
            raise ValidationError(message)
        return super().publish(revision, *args, log_action=log_action, **kwargs)

    def save(self, *args, **kwargs):
        self.expire_at = self.closing_time()
        super().save(*args, **kwargs)

    def closing_time(self) -> datetime.datetime | None:
        """The end of the closing date in the site's time zone: Wagtail's ``expire_at``."""
        if self.valid_through is None:
            return None
        next_day = self.valid_through + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))

    @property
    def role(self) -> str:
        return self.application_role or self.title

    def is_shown_publicly(self) -> bool:
        """Whether the API shows this posting: it is the open posting of its
        slug under the visible careers index."""
        index = visibility.careers_index()
        shown = visibility.open_posting(index, self.slug) if index is not None else None
        return shown is not None and shown.pk == self.pk

    def application_questions(self, index: CareersIndexPage | None = None) -> list:
        """The questions this posting's form asks (``markdown.Question``): its
        own, or else the default questions of ``index`` (its parent by default)."""
        if self.questions:
            return questions_of(self.questions)
        if index is None:
            index = self.get_parent().specific
        return questions_of(index.default_questions)

    def get_back_navigation_to(self) -> str:
        return self.back_navigation_to or site_path(self.get_parent())


class PayRange(Orderable):
    """One pay range of a posting, optionally named for a location or zone
    ("Berlin", "US zone A"), like Ashby's compensation tiers."""

    page = ParentalKey(JobPostingPage, on_delete=models.CASCADE, related_name="pay_ranges")
    label = models.CharField(
        max_length=100, blank=True, help_text="The location or zone it applies to, if any."
    )
    min = models.DecimalField("minimum", max_digits=12, decimal_places=2, null=True, blank=True)
    max = models.DecimalField("maximum", max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, help_text="ISO 4217 code, such as EUR.")
    interval = models.CharField("per", max_length=5, choices=SALARY_INTERVAL_CHOICES)

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("min"), FieldPanel("max")]),
        FieldRowPanel([FieldPanel("currency"), FieldPanel("interval")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "pay range"

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The range as pages word it: "€60,000–€80,000 a year"."""
        return pay.range_text(self.min, self.max, self.currency, self.interval)

    def clean(self):
        super().clean()
        self.currency = self.currency.strip().upper()


class PostingLocation(Orderable):
    """One place a posting is based at. ``country`` is an ISO 3166-1 alpha-2
    code; city and region are optional (a country-wide remote role)."""

    page = ParentalKey(JobPostingPage, on_delete=models.CASCADE, related_name="posting_locations")
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(
        max_length=100, blank=True, help_text="State, province or region, such as CA or Bavaria."
    )
    country = models.CharField(
        max_length=2,
        validators=[validate_country_code],
        help_text="ISO 3166-1 alpha-2 code, such as IN, DE or US.",
    )

    panels = [FieldRowPanel([FieldPanel("city"), FieldPanel("region"), FieldPanel("country")])]

    class Meta(Orderable.Meta):
        verbose_name = "location"

    def __str__(self) -> str:
        return ", ".join(part for part in (self.city, self.region, self.country) if part)

    def clean(self):
        super().clean()
        self.country = self.country.strip().upper()
