"""Photo metadata inside the image files: IPTC IIM and XMP in, XMP out.

In: on upload, the caption (description), the photographer (creator /
by-line), the credit line, the copyright notice and the date created are
read from the file's XMP, else from its IPTC IIM (APP13) block; what was
found is kept on the photo (`file_metadata`, shown to the editor) and fills
the photo's caption, photographer and credit only where they are empty.

Out: every rendition carries the photo's caption, photographer, credit line
and copyright in XMP (JPEG, WebP, and PNG's iTXt chunk), so a photo saved
from the site still names who took it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from xml.sax.saxutils import escape

from lxml import etree
from PIL import Image, IptcImagePlugin, PngImagePlugin

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
}
# IPTC IIM datasets (record 2) and the charset dataset (1:90).
IIM = {"caption": (2, 120), "creator": (2, 80), "credit_line": (2, 110), "copyright": (2, 116), "date_created": (2, 55)}
IIM_CHARSET = (1, 90)
IIM_UTF8 = b"\x1b%G"
# Pillow keeps a PNG's XMP under this iTXt keyword.
PNG_XMP_KEY = "XML:com.adobe.xmp"
# No network, no entities: an image's XMP is untrusted input.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


@dataclass(frozen=True)
class PhotoMetadata:
    caption: str = ""
    creator: str = ""
    credit_line: str = ""
    copyright: str = ""
    date_created: str = ""  # ISO date, as the file states it
    source: str = ""  # "XMP", "IPTC IIM" or both

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in asdict(self).items() if value}


# -- reading --------------------------------------------------------------------


def read_metadata(image: Image.Image) -> PhotoMetadata:
    """What an opened image says about itself; XMP wins where both speak."""
    xmp = _from_xmp(image.info.get("xmp") or image.info.get(PNG_XMP_KEY) or b"")
    iim = _from_iim(image)
    fields = {name: xmp.get(name) or iim.get(name, "") for name in IIM}
    sources = [name for name, found in (("XMP", xmp), ("IPTC IIM", iim)) if found]
    return PhotoMetadata(**fields, source=", ".join(sources))


def _text(node) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _xmp_value(description, prefix: str, name: str) -> str:
    """A property as an attribute, a simple element, or the first rdf:li of a container."""
    attribute = description.get(f"{{{NS[prefix]}}}{name}")
    if attribute:
        return attribute.strip()
    element = description.find(f"{prefix}:{name}", NS)
    if element is None:
        return ""
    items = element.findall(".//rdf:li", NS)
    if items:
        default = [li for li in items if li.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default"]
        return _text((default or items)[0]) if prefix != "dc" or name != "creator" else "、".join(_text(li) for li in items)
    return _text(element)


def _from_xmp(packet: bytes | str) -> dict[str, str]:
    if not packet:
        return {}
    data = packet.encode("utf-8") if isinstance(packet, str) else packet
    start = data.find(b"<x:xmpmeta")
    end = data.rfind(b"</x:xmpmeta>")
    if start < 0 or end < 0:
        return {}
    try:
        root = etree.fromstring(data[start : end + len(b"</x:xmpmeta>")], _PARSER)
    except etree.XMLSyntaxError:
        return {}
    found: dict[str, str] = {}
    properties = {
        "caption": ("dc", "description"),
        "creator": ("dc", "creator"),
        "credit_line": ("photoshop", "Credit"),
        "copyright": ("dc", "rights"),
        "date_created": ("photoshop", "DateCreated"),
    }
    for description in root.iterfind(".//rdf:Description", NS):
        for field, (prefix, name) in properties.items():
            if field not in found and (value := _xmp_value(description, prefix, name)):
                found[field] = value
    if "date_created" in found:
        found["date_created"] = found["date_created"][:10]
    return found


def _from_iim(image: Image.Image) -> dict[str, str]:
    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}
    except (SyntaxError, ValueError, OSError, IndexError):
        return {}
    utf8 = info.get(IIM_CHARSET) == IIM_UTF8
    found: dict[str, str] = {}
    for field, key in IIM.items():
        value = info.get(key)
        if not value:
            continue
        values = value if isinstance(value, list) else [value]
        text = "、".join(_decode(v, utf8) for v in values).strip()
        if text:
            found[field] = text
    if len(found.get("date_created", "")) == 8 and found["date_created"].isdigit():
        try:
            found["date_created"] = dt.datetime.strptime(found["date_created"], "%Y%m%d").date().isoformat()
        except ValueError:
            del found["date_created"]
    return found


def _decode(value: bytes, utf8: bool) -> str:
    """IIM text: UTF-8 when the file says so, else UTF-8 if it is, else GB18030 (mainland Chinese software)."""
    for encoding in ("utf-8", "gb18030") if not utf8 else ("utf-8",):
        try:
            return value.decode(encoding)
        except UnicodeDecodeError:
            continue
    return value.decode("latin-1")


def credit_role_from_line(credit_line: str, name: str) -> str:
    """`本报记者` from the printed credit `本报记者 孔茜 摄` of `孔茜`; the line itself
    when it does not name them (a wire's credit, `新华社`)."""
    line = credit_line.strip()
    suffix = f"{name} 摄"
    if name and line.endswith(suffix):
        return line.removesuffix(suffix).strip()
    return line


# -- writing --------------------------------------------------------------------


def xmp_packet(*, caption: str, creator: str, credit_line: str, copyright: str, date_created: str = "") -> bytes:
    """An XMP packet with what a downloaded photo should say about itself."""
    properties = []
    if caption:
        properties.append(f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(caption)}</rdf:li></rdf:Alt></dc:description>')
    if creator:
        properties.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(creator)}</rdf:li></rdf:Seq></dc:creator>")
    if copyright:
        properties.append(f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{escape(copyright)}</rdf:li></rdf:Alt></dc:rights>')
    if credit_line:
        properties.append(f"<photoshop:Credit>{escape(credit_line)}</photoshop:Credit>")
    if date_created:
        properties.append(f"<photoshop:DateCreated>{escape(date_created)}</photoshop:DateCreated>")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        f'<x:xmpmeta xmlns:x="{NS["x"]}"><rdf:RDF xmlns:rdf="{NS["rdf"]}">'
        f'<rdf:Description rdf:about="" xmlns:dc="{NS["dc"]}" xmlns:photoshop="{NS["photoshop"]}">'
        + "".join(properties)
        + '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode("utf-8")


def save_options(fmt: str, xmp: bytes) -> dict:
    """Pillow save() options that embed `xmp` in a file of `fmt`."""
    if fmt in ("JPEG", "WEBP"):
        return {"xmp": xmp}
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt(PNG_XMP_KEY, xmp.decode("utf-8"))
        return {"pnginfo": info}
    return {}
