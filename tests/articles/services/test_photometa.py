"""Photo metadata: IPTC IIM and XMP read on upload (filling what is empty),
and written back into every rendition. The files are made here, with known
metadata: IIM by the small writer below, XMP by Pillow."""

import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from articles.models import Person, Publication
from articles.services import photometa, photos
from tests.factories import make_article, make_person, make_photo

pytestmark = pytest.mark.django_db


def iim_block(fields: dict[tuple[int, int], bytes], *, utf8: bool = True) -> bytes:
    """An APP13 segment holding an IPTC IIM block (Photoshop resource 0x0404)."""
    datasets = {(1, 90): b"\x1b%G"} if utf8 else {}
    data = b"".join(
        b"\x1c" + bytes(key) + struct.pack(">H", len(value)) + value for key, value in {**datasets, **fields}.items()
    )
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(data)) + data
    resource += b"\x00" * (len(data) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def jpeg(*, iim: dict | None = None, utf8: bool = True, xmp: bytes | None = None, size=(800, 500)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#3a6").save(buffer, format="JPEG", **({"xmp": xmp} if xmp else {}))
    data = buffer.getvalue()
    return data[:2] + iim_block(iim, utf8=utf8) + data[2:] if iim else data


WIRE_IIM = {
    (2, 120): "洸河街道“红帆驿站”揭牌。".encode(),
    (2, 80): "孔茜".encode(),
    (2, 110): "本报记者 孔茜 摄".encode(),
    (2, 116): "© 济宁高新区报社".encode(),
    (2, 55): b"20190710",
}


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_iim_fields_are_read():
    meta = photometa.read_metadata(opened(jpeg(iim=WIRE_IIM)))
    assert meta == photometa.PhotoMetadata(
        caption="洸河街道“红帆驿站”揭牌。",
        creator="孔茜",
        credit_line="本报记者 孔茜 摄",
        copyright="© 济宁高新区报社",
        date_created="2019-07-10",
        source="IPTC IIM",
    )


def test_iim_without_a_charset_is_read_as_gb18030_when_it_is_not_utf8():
    meta = photometa.read_metadata(opened(jpeg(iim={(2, 120): "图片说明".encode("gb18030")}, utf8=False)))
    assert meta.caption == "图片说明"


def test_xmp_wins_where_both_speak_and_iim_fills_the_rest():
    xmp = photometa.xmp_packet(caption="XMP 的说明", creator="王鹏", credit_line="", copyright="")
    meta = photometa.read_metadata(opened(jpeg(iim=WIRE_IIM, xmp=xmp)))
    assert (meta.caption, meta.creator, meta.copyright) == ("XMP 的说明", "王鹏", "© 济宁高新区报社")
    assert meta.source == "XMP, IPTC IIM"


def test_xmp_written_as_attributes_is_read_too():
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        b'photoshop:Credit="Reuters" photoshop:DateCreated="2024-03-01T10:00:00+08:00"/></rdf:RDF></x:xmpmeta>'
    )
    meta = photometa.read_metadata(opened(jpeg(xmp=xmp)))
    assert (meta.credit_line, meta.date_created) == ("Reuters", "2024-03-01")


@pytest.mark.parametrize(
    "xmp",
    [
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><unclosed></x:xmpmeta>",
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x:xmpmeta xmlns:x="adobe:ns:meta/">&e;</x:xmpmeta>',
    ],
)
def test_broken_or_hostile_xmp_reads_as_nothing(xmp):
    assert photometa.read_metadata(opened(jpeg(xmp=xmp))).as_dict() == {}


@given(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
)
def test_what_the_xmp_writer_writes_the_reader_reads(caption, creator):
    packet = photometa.xmp_packet(caption=caption, creator=creator, credit_line="", copyright="")
    found = photometa._from_xmp(packet)
    assert found.get("caption", "") == " ".join(caption.split())
    assert found.get("creator", "") == " ".join(creator.split())


def upload(data: bytes, name="wire.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_an_upload_fills_the_empty_caption_photographer_and_credit():
    photo = make_photo(make_article(), caption="")
    photos.attach_image(photo=photo, upload=upload(jpeg(iim=WIRE_IIM)))
    photo.refresh_from_db()
    assert photo.caption == "洸河街道“红帆驿站”揭牌。"
    assert (photo.credit.name, photo.credit_role, photo.credit_line) == ("孔茜", "本报记者", "本报记者 孔茜 摄")
    assert photo.file_metadata["copyright"] == "© 济宁高新区报社"
    assert photo.file_metadata["source"] == "IPTC IIM"


def test_an_upload_reuses_the_person_of_that_name():
    person = make_person("孔茜")
    photo = make_photo(make_article(), caption="")
    photos.attach_image(photo=photo, upload=upload(jpeg(iim=WIRE_IIM)))
    assert photo.credit == person and Person.objects.filter(name="孔茜").count() == 1


def test_an_upload_never_overwrites_what_the_editor_wrote():
    editor_choice = make_person("邓超")
    photo = make_photo(make_article(), caption="编辑写的说明", credit=editor_choice, credit_role="通讯员")
    photos.attach_image(photo=photo, upload=upload(jpeg(iim=WIRE_IIM)))
    photo.refresh_from_db()
    assert (photo.caption, photo.credit, photo.credit_role) == ("编辑写的说明", editor_choice, "通讯员")
    assert photo.file_metadata["caption"] == "洸河街道“红帆驿站”揭牌。"  # still shown to the editor


def test_a_wire_credit_becomes_the_credit_role():
    photo = make_photo(make_article(), caption="")
    photos.attach_image(photo=photo, upload=upload(jpeg(iim={(2, 80): "Jane Roe".encode(), (2, 110): b"Reuters"})))
    assert photo.credit_line == "Reuters Jane Roe 摄"


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")])
def test_every_rendition_names_the_photographer_caption_and_copyright(fmt, name):
    Publication.objects.update_or_create(pk=1, defaults={"name": "济宁高新区报"})
    photo = make_photo(make_article(), caption="图为红帆驿站。", credit=make_person("孔茜"), credit_role="本报记者")
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 700), "#c33").save(buffer, format=fmt)
    photos.attach_image(photo=photo, upload=upload(buffer.getvalue(), name))
    renditions = list(photo.renditions.all())
    assert {r.format for r in renditions} == ({"webp"} if fmt == "WEBP" else {fmt.lower(), "webp"})
    for rendition in renditions:
        with rendition.file.open("rb") as fh, Image.open(fh) as image:
            meta = photometa.read_metadata(image)
        assert (meta.caption, meta.creator, meta.credit_line, meta.copyright) == (
            "图为红帆驿站。", "孔茜", "本报记者 孔茜 摄", "© 济宁高新区报"
        ), rendition


def test_a_file_states_its_own_copyright_and_the_renditions_keep_it():
    photo = make_photo(make_article(), caption="")
    photos.attach_image(photo=photo, upload=upload(jpeg(iim=WIRE_IIM)))
    rendition = photo.renditions.first()
    with rendition.file.open("rb") as fh, Image.open(fh) as image:
        assert photometa.read_metadata(image).copyright == "© 济宁高新区报社"


def test_changing_the_caption_remakes_the_renditions_with_it():
    photo = make_photo(make_article(), caption="旧说明")
    photos.attach_image(photo=photo, upload=upload(jpeg()))
    photo.caption = "新说明"
    photos.save_credits(photo=photo)
    for rendition in photo.renditions.all():
        with rendition.file.open("rb") as fh, Image.open(fh) as image:
            assert photometa.read_metadata(image).caption == "新说明"
