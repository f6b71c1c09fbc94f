"""Real resume files of every accepted type, and hostile ones, built in memory or
streamed to disk: an archive that unpacks to gigabytes is a few megabytes here."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

RTF = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Ada Lovelace\\par}\r\n"
TEXT = "Zoë 李 — plain text résumé\n".encode()
ODT_TYPE = b"application/vnd.oasis.opendocument.text"
DOCX_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCX_DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Ada Lovelace</w:t></w:r></w:p></w:body></w:document>"
)
ODT_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    b'<manifest:file-entry manifest:full-path="/" manifest:media-type="'
    + ODT_TYPE
    + b'"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
ODT_CONTENT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
    b"<office:body><office:text><text:p>Ada Lovelace</text:p></office:text></office:body>"
    b"</office:document-content>"
)


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP of (name, data) pairs; a ZipInfo as the name sets its own details."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(*extra, content_types=DOCX_CONTENT_TYPES) -> bytes:
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", DOCX_RELS),
            ("word/document.xml", DOCX_DOCUMENT),
            *extra,
        ]
    )


def stored(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_STORED
    return info


def odt_bytes(*extra, mimetype=ODT_TYPE) -> bytes:
    # OpenDocument: "mimetype" first and stored, then the rest compressed.
    return zip_bytes(
        [
            (stored("mimetype"), mimetype),
            ("META-INF/manifest.xml", ODT_MANIFEST),
            ("content.xml", ODT_CONTENT),
            *extra,
        ]
    )


def doc_bytes(size: int = 1536) -> bytes:
    """A Word 97-2003 file's compound file header ([MS-CFB] 2.2), version 3 with
    512-byte sectors, and sectors after it."""
    header = struct.pack(
        "<8s16sHHHHH6sLLLLLLLLL",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        bytes(16),
        0x3E,  # minor version
        3,  # major version
        0xFFFE,  # byte order: little-endian
        9,  # sectors of 2**9 bytes
        6,  # mini sectors of 2**6 bytes
        bytes(6),
        0,  # directory sectors (always 0 in version 3)
        1,  # FAT sectors
        1,  # first directory sector
        0,
        4096,  # mini stream cutoff
        0xFFFFFFFE,  # no mini FAT
        0,
        0xFFFFFFFE,  # no DIFAT sectors
        0,
    )
    header += struct.pack("<L", 0) + b"\xff" * (512 - len(header) - 4)
    return header + bytes(size - len(header))


def deflated_run(byte: bytes, size: int) -> tuple[bytes, int]:
    """A raw deflate stream that unpacks to ``size`` copies of ``byte`` (a multiple
    of 1 MiB), and its CRC-32. Each MiB is compressed once: a full flush resets the
    compressor, so every following MiB compresses to the same bytes."""
    mib = byte * (1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(mib) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = size // len(mib)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(mib, crc)
    return block * count + compressor.flush(zlib.Z_FINISH), crc


def write_zip(path: Path, members) -> Path:
    """A ZIP written byte by byte from (name, method, compressed, size, crc) tuples,
    for members too large to compress here. Follows PKWARE's APPNOTE 4.3."""
    directory = b""
    with path.open("wb") as out:
        for name, method, data, size, crc in members:
            name = name.encode()
            offset = out.tell()
            # What the local header and the central directory both say of the
            # member: version needed 2.0, no flags, the method, no DOS time or
            # date, the CRC-32, both sizes and the name's length.
            common = (20, 0, method, 0, 0, crc, len(data), size, len(name))
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *common, 0))
            out.write(name)
            out.write(data)
            # ...made by version 2.0; no extra field, comment, disk, attributes.
            directory += struct.pack(
                "<4s6H3L5H2L", b"PK\x01\x02", 20, *common, 0, 0, 0, 0, 0, offset
            )
            directory += name
        start = out.tell()
        out.write(directory)
        out.write(
            struct.pack(
                "<4s4H2LH",
                b"PK\x05\x06",
                0,
                0,
                len(members),
                len(members),
                len(directory),
                start,
                0,
            )
        )
    return path
