"""A PDF's document information (title, author, subject, dates), set after Qt wrote it (no Qt).

QPdfWriter (Qt 6.11) sets a title, creator and author, but no subject, and stamps the
creation date with the clock. A hand-out should say what it is and the content date it
reflects, so :func:`set_info` appends a standard PDF incremental update (ISO 32000-1 §7.5.6):
a new version of the information dictionary, an xref section for it and a trailer that
points back to the previous one. Nothing Qt wrote is changed; every reader sees the new
values. :func:`xmp_packet` gives the same fields as XMP for QPdfWriter's metadata stream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.DOTALL)
_REF = rb"/%s\s+(\d+)\s+(\d+)\s+R"


class PdfInfoError(ValueError):
    """The file is not a PDF this module can update (no classic trailer)."""


@dataclass(frozen=True)
class DocInfo:
    """The fields every hand-out carries; ``date`` is the content date, ``YYYY-MM-DD``."""

    title: str
    subject: str
    date: str
    author: str = "Peptide Desk"
    creator: str = "Peptide Desk"
    producer: str = ""


def pdf_text(text: str) -> bytes:
    """A PDF text string in UTF-16BE with its byte-order mark, as hex (any language)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def pdf_date(iso_date: str) -> bytes:
    """'2026-05-01' as a PDF date string, midnight UTC: (D:20260501000000Z)."""
    digits = re.sub(r"\D", "", iso_date)[:14]
    if len(digits) < 8:
        raise PdfInfoError(f"not a date: {iso_date!r}")
    return b"(D:" + digits.ljust(14, "0").encode("ascii") + b"Z)"


def _ref(trailer: bytes, name: bytes) -> tuple[int, int] | None:
    m = re.search(_REF % name, trailer)
    return (int(m.group(1)), int(m.group(2))) if m else None


def set_info(pdf: bytes, info: DocInfo) -> bytes:
    """``pdf`` with an incremental update giving it ``info`` as its information dictionary."""
    end = _STARTXREF.search(pdf[-1024:])
    trailer = _TRAILER.findall(pdf)
    if end is None or not trailer or not pdf.startswith(b"%PDF-"):
        raise PdfInfoError("no PDF trailer found")
    last = trailer[-1]
    root = _ref(last, b"Root")
    size_m = re.search(rb"/Size\s+(\d+)", last)
    if root is None or size_m is None:
        raise PdfInfoError("the PDF trailer has no /Root or /Size")
    size = int(size_m.group(1))
    old_info = _ref(last, b"Info")
    number, generation = old_info if old_info else (size, 0)
    fields = [(b"Title", pdf_text(info.title)), (b"Author", pdf_text(info.author)),
              (b"Subject", pdf_text(info.subject)), (b"Creator", pdf_text(info.creator)),
              (b"CreationDate", pdf_date(info.date)), (b"ModDate", pdf_date(info.date))]
    if info.producer:
        fields.append((b"Producer", pdf_text(info.producer)))
    body = b"".join(b"/" + k + b" " + v + b"\n" for k, v in fields)
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offset = len(out)
    out += b"%d %d obj\n<<\n%s>>\nendobj\n" % (number, generation, body)
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d %05d n \n" % (number, offset,
                                                                         generation)
    ids = re.search(rb"/ID\s*\[[^\]]*\]", last)
    out += (b"trailer\n<<\n/Size %d\n/Root %d %d R\n/Info %d %d R\n/Prev %d\n%s>>\n"
            b"startxref\n%d\n%%%%EOF\n"
            % (max(size, number + 1), root[0], root[1], number, generation,
               int(end.group(1)), (ids.group(0) + b"\n") if ids else b"", xref))
    return bytes(out)


def read_info(pdf: bytes) -> dict[str, str]:
    """The text fields of the last information dictionary (for tests and checks)."""
    trailer = _TRAILER.findall(pdf)
    ref = _ref(trailer[-1], b"Info") if trailer else None
    if ref is None:
        return {}
    objs = re.findall(rb"(?<!\d)%d %d obj\s*<<(.*?)>>\s*endobj" % ref, pdf, re.DOTALL)
    if not objs:
        return {}
    out = {}
    for key, value in re.findall(rb"/(\w+)\s*(<[0-9A-Fa-f]*>|\([^)]*\))", objs[-1]):
        if value.startswith(b"<"):
            raw = bytes.fromhex(value[1:-1].decode("ascii"))
            text = raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode(
                "latin-1")
        else:
            text = value[1:-1].decode("latin-1")
        out[key.decode("ascii")] = text
    return out


def xmp_packet(info: DocInfo) -> bytes:
    """The same fields as an XMP packet (title, creator, description, dates)."""
    date = f"{info.date[:10]}T00:00:00Z"
    e = escape
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt>'
        f"</dc:title><dc:creator><rdf:Seq><rdf:li>{e(info.author)}</rdf:li></rdf:Seq>"
        f'</dc:creator><dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
        f"{e(info.subject)}</rdf:li></rdf:Alt></dc:description>"
        f"<xmp:CreatorTool>{e(info.creator)}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>"
        f"<pdf:Producer>{e(info.producer or info.creator)}</pdf:Producer>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>').encode()
