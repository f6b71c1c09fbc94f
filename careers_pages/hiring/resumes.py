"""Resume files: where they are stored, what they may be (recognised by their
whole content, never by their name), the name they download under, and their
deletion."""

from __future__ import annotations

import codecs
import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.files.storage import storages
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import slugify

logger = logging.getLogger(__name__)

# What a resume may be: recognised by content, named here by extension and type.
RESUME_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".txt": "text/plain",
}


def private_storage():
    """Where resumes go: never under a public URL (the "private" storage alias)."""
    return storages["private"]


def resume_upload_to(application, filename: str) -> str:
    return f"resumes/{timezone.now():%Y/%m}/{application.uuid}{PurePosixPath(filename).suffix}"


def delete_resume_files(files: Iterable[FieldFile]) -> list[str]:
    """Delete each stored file (an application's ``resume``), logging the ones
    that cannot be; their names. Call once the deletion of their rows is final."""
    failed = []
    for file in files:
        if not file.name:
            continue
        try:
            file.storage.delete(file.name)
        except OSError:
            logger.exception("Could not delete the resume %s", file.name)
            failed.append(file.name)
    return failed


def resume_max_bytes() -> int:
    return settings.CAREERS_RESUME_MAX_BYTES


def resume_download_name(applicant_name: str, content_type: str) -> str:
    """The name a resume is downloaded under: the applicant's name and the type its
    content was recognised as, never the name the applicant gave the file
    ("ada-lovelace-resume.pdf")."""
    extension = next((ext for ext, known in RESUME_TYPES.items() if known == content_type), "")
    stem = slugify(applicant_name)[:80].strip("-") or "applicant"
    return f"{stem}-resume{extension}"


# The first bytes are what filetype looks at; the rest is read in bounded chunks.
HEAD_BYTES = 8192
CHUNK_BYTES = 64 * 1024
# Acrobat's own rule: the "%%EOF" marker lies within the last 1,024 bytes.
PDF_TAIL_BYTES = 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Word processors write a few dozen archive entries; these bounds leave room for
# many images while refusing archives built to exhaust memory or disk.
ZIP_MAX_ENTRIES = 1000
ZIP_MAX_DIRECTORY_BYTES = 1024 * 1024
ZIP_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
DOCX_CONTENT_TYPES_MAX_BYTES = 1024 * 1024
DOCX_MAIN_DOCUMENT_TYPE = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
ODF_MIMETYPE = RESUME_TYPES[".odt"].encode()

# The end of central directory record and the ZIP64 locator that may precede it
# (PKWARE's APPNOTE 4.3.15-16): read before zipfile parses the directory, whose
# size decides how much memory parsing takes.
_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
_END_OF_DIRECTORY_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_LOCATOR_BYTES = 20
_ZIP_COMMENT_MAX_BYTES = 0xFFFF

# Bytes no text file holds: the C0 controls but tab, line feed, form feed and
# carriage return; DEL; the C1 controls.
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def detect_resume_type(file) -> str | None:
    """The resume's real type, as an extension (".pdf"…), from its whole content, or
    None when it is none of RESUME_TYPES or is also something else (a ZIP behind a
    PDF or behind text, as a JAR can be).

    ``file`` is an open binary file; it is read in bounded pieces, and no archive
    member is unpacked beyond the few bytes its type needs.
    """
    file.seek(0)
    head = file.read(HEAD_BYTES)
    if head.startswith(b"PK\x03\x04"):
        return _zip_document_type(file)
    if zipfile.is_zipfile(file):
        return None  # an archive with something in front of it
    kind = filetype.guess(head)
    if kind is not None and kind.mime == RESUME_TYPES[".pdf"]:
        return ".pdf" if b"%%EOF" in _tail(file, PDF_TAIL_BYTES) else None
    if kind is not None and kind.mime == RESUME_TYPES[".rtf"]:
        # The document is one group: its closing brace ends the file.
        return ".rtf" if _tail(file, 64).rstrip(b"\0 \t\r\n").endswith(b"}") else None
    if head.startswith(OLE2_MAGIC):
        # The same container holds spreadsheets and slides, which filetype tells apart.
        word = kind is None or kind.mime == RESUME_TYPES[".doc"]
        return ".doc" if word and _is_compound_file_header(head) else None
    if kind is None and _is_plain_text(file):
        return ".txt"
    return None


def _tail(file, size: int) -> bytes:
    file.seek(0, 2)
    file.seek(max(file.tell() - size, 0))
    return file.read(size)


def _is_compound_file_header(head: bytes) -> bool:
    """Whether a Word 97-2003 file's container header is sound: the little-endian
    byte order mark and a sector size that matches the version ([MS-CFB] 2.2)."""
    if len(head) < 512:
        return False
    major, byte_order, sector_shift, mini_sector_shift = struct.unpack_from("<HHHH", head, 26)
    return (
        byte_order == 0xFFFE
        and (major, sector_shift) in ((3, 9), (4, 12))
        and mini_sector_shift == 6
    )


def _is_plain_text(file) -> bool:
    """Whether the whole file is UTF-8 text without control characters. Read in
    chunks; the incremental decoder carries a character split between two."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    empty = True
    try:
        while chunk := file.read(CHUNK_BYTES):
            empty = False
            if _CONTROL_CHARACTER.search(decoder.decode(chunk)):
                return False
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return not empty


def _zip_document_type(file) -> str | None:
    """ ".odt" or ".docx" for an archive that is one, within the bounds above."""
    if not _zip_directory_is_small(file):
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            names = {entry.filename: entry for entry in entries}
            if (
                not entries
                or len(entries) > ZIP_MAX_ENTRIES
                or len(names) != len(entries)  # the same name twice: readers disagree
                or min(entry.header_offset for entry in entries) != 0  # data in front
                or sum(entry.file_size for entry in entries) > ZIP_MAX_UNCOMPRESSED_BYTES
                or any(
                    entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                    or entry.flag_bits & 0x1  # encrypted
                    for entry in entries
                )
            ):
                return None
            if entries[0].filename == "mimetype":
                return ".odt" if _is_odt(archive, entries[0], names) else None
            return ".docx" if _is_docx(archive, names) else None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error):
        return None


def _zip_directory_is_small(file) -> bool:
    """Whether the archive's central directory, as its end record declares it, is
    small enough to parse: zipfile builds an object for every entry it lists."""
    file.seek(0, 2)
    size = file.tell()
    window = min(size, _END_OF_DIRECTORY.size + _ZIP_COMMENT_MAX_BYTES + _ZIP64_LOCATOR_BYTES)
    file.seek(size - window)
    tail = file.read(window)
    # The last record wins, as in zipfile.
    at = tail.rfind(_END_OF_DIRECTORY_SIGNATURE)
    if at < 0 or len(tail) - at < _END_OF_DIRECTORY.size:
        return False
    _, disk, directory_disk, entries_here, entries, directory_size, _, comment = (
        _END_OF_DIRECTORY.unpack_from(tail, at)
    )
    zip64 = tail[max(at - _ZIP64_LOCATOR_BYTES, 0) : at].startswith(_ZIP64_LOCATOR_SIGNATURE)
    return (
        not zip64  # a resume needs no ZIP64; its record would override these numbers
        and at + _END_OF_DIRECTORY.size + comment == len(tail)  # nothing after the archive
        and disk == directory_disk == 0
        and entries_here == entries <= ZIP_MAX_ENTRIES
        and directory_size <= ZIP_MAX_DIRECTORY_BYTES
    )


def _read_member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The member's bytes, or None when it is, or unpacks to, more than ``limit``:
    the read stops there whatever the header claims."""
    if entry.file_size > limit:
        return None
    with archive.open(entry) as member:
        data = member.read(limit + 1)
    return data if len(data) <= limit else None


def _is_odt(archive, first: zipfile.ZipInfo, names: dict) -> bool:
    """OpenDocument's own rule: the first entry is "mimetype", stored uncompressed,
    holding the media type and nothing else."""
    return (
        first.compress_type == zipfile.ZIP_STORED
        and "content.xml" in names
        and _read_member(archive, first, len(ODF_MIMETYPE)) == ODF_MIMETYPE
    )


def _is_docx(archive, names: dict) -> bool:
    """Office Open XML's own rule: "[Content_Types].xml" names the
    WordprocessingML main document type, and the main document is there."""
    content_types = names.get("[Content_Types].xml")
    if content_types is None or "word/document.xml" not in names:
        return False
    data = _read_member(archive, content_types, DOCX_CONTENT_TYPES_MAX_BYTES)
    return data is not None and DOCX_MAIN_DOCUMENT_TYPE in data
