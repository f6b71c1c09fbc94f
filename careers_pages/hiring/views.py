"""Admin views of the hiring inbox that Wagtail's generic views do not cover."""

from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from wagtail.log_actions import log

from .models import Application
from .resumes import RESUME_TYPES, resume_download_name

DOWNLOAD_RESUME_PERMISSION = "careers_hiring.download_resume"
# The log action keeps the name it was first logged under.
DOWNLOAD_RESUME_ACTION = "careers_pages.download_resume"
#: A resume read in the candidate page's frame rather than downloaded.
VIEW_RESUME_ACTION = "careers_hiring.view_resume"
#: Who read a resume: in the application's whole history and the site history
#: report, but not among the pipeline's events on the candidate page.
RESUME_READ_ACTIONS = (DOWNLOAD_RESUME_ACTION, VIEW_RESUME_ACTION)


#: The only type shown inside the admin (``?inline=1``): the candidate page frames it.
INLINE_RESUME_TYPE = "application/pdf"
# The file may be framed by the admin's own pages only, and loads nothing itself
# (object-src: a browser's PDF viewer counts as a plugin of the document).
RESUME_CONTENT_SECURITY_POLICY = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"


def resume_shown_inline(application: Application) -> bool:
    """Whether the candidate page shows the resume in a frame (a PDF) rather
    than only as a download."""
    return bool(application.resume) and application.resume_content_type == INLINE_RESUME_TYPE


@require_GET
def download_resume(request, pk):
    """Send an application's resume from the private storage, as an attachment
    named after the applicant and the type its content was recognised as on upload
    (never the name the applicant chose, which could be "cv.pdf.bat"). With
    ``?inline=1`` a PDF is sent inline, for the candidate page's sandboxed frame;
    any other type is still an attachment. Each download is logged."""
    # A real 403 rather than Wagtail's redirect to the dashboard: this is a file URL,
    # and checked before the lookup so it does not tell who has applied.
    if not request.user.has_perm(DOWNLOAD_RESUME_PERMISSION):
        return HttpResponseForbidden("You may not download resumes.")
    application = get_object_or_404(Application, pk=pk)
    if not application.resume:
        raise Http404("This application has no resume.")
    try:
        file = application.resume.open("rb")
    except FileNotFoundError:
        raise Http404("The resume file is missing.") from None

    content_type = application.resume_content_type
    if content_type not in RESUME_TYPES.values():
        content_type = "application/octet-stream"
    inline = request.GET.get("inline") == "1" and content_type == INLINE_RESUME_TYPE
    response = FileResponse(
        file,
        as_attachment=not inline,
        filename=resume_download_name(application.name, content_type),
        # The type was recognised from the content on upload; never let a browser guess.
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Content-Security-Policy"] = RESUME_CONTENT_SECURITY_POLICY
    log(application, VIEW_RESUME_ACTION if inline else DOWNLOAD_RESUME_ACTION, user=request.user)
    return response
