"""The fields of the application form every posting shows, in one place: the
API describes them from here and the applications endpoint checks them."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings

# What a resume may be: recognised by content, named here by extension and type.
RESUME_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".txt": "text/plain",
}
MESSAGE_MAX_LENGTH = 5000


@dataclass(frozen=True)
class ApplicationField:
    name: str
    type: str  # an HTML input type, or "textarea"
    required: bool
    max_length: int | None = None


APPLICATION_FIELDS = (
    ApplicationField("role", "text", True, 255),
    ApplicationField("name", "text", True, 200),
    ApplicationField("email", "email", True, 254),
    ApplicationField("resume", "file", False),
    ApplicationField("linkedin", "url", False, 500),
    ApplicationField("github", "url", False, 500),
    ApplicationField("message", "textarea", True, MESSAGE_MAX_LENGTH),
)


def resume_max_bytes() -> int:
    return settings.CAREERS_RESUME_MAX_BYTES


def detect_resume_type(head: bytes, file) -> str | None:
    """The resume's real type, as an extension (".pdf"…), from its content, or None.

    ``head`` is the first bytes; ``file`` is read further only for ZIP-based
    formats, whose type is named inside the archive.
    """
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ".doc"
    if head.startswith(b"{\\rtf"):
        return ".rtf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == (
                    RESUME_TYPES[".odt"].encode()
                ):
                    return ".odt"
                if "word/document.xml" in names and "[Content_Types].xml" in names:
                    return ".docx"
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        return None
    if _is_plain_text(head):
        return ".txt"
    return None


def _is_plain_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sample may end inside a multi-byte character.
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")
    return all(ch.isprintable() or ch in "\n\r\t\f" for ch in text)
