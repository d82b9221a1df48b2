"""Insurance card photos: only real JPEG, PNG or WebP within limits, stored without metadata."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from admissions.insurance import (
    MAX_BYTES,
    MAX_PIXELS_DECODED_WHOLE,
    STORED_SIDE,
    CardRejected,
    clean_card_image,
    insurance_card_add,
)
from admissions.models import AuditEntry, InsuranceCard
from tests.factories import LeadFactory
from tests.security.images import CAMERA_MODEL, exif_with_gps, photo, png_bomb


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_accepted_photo_is_re_encoded_as_a_jpeg_without_exif_or_gps(image_format):
    original = photo(image_format)
    assert CAMERA_MODEL.encode() in original, "the test photo really carries EXIF"

    clean = clean_card_image(original)

    assert clean.content_type == "image/jpeg"
    assert CAMERA_MODEL.encode() not in clean.data
    reopened = Image.open(BytesIO(clean.data))
    assert reopened.format == "JPEG"
    assert dict(reopened.getexif()) == {}
    assert "exif" not in reopened.info
    assert "icc_profile" not in reopened.info


def test_photo_is_turned_upright_before_its_orientation_tag_is_dropped():
    clean = clean_card_image(photo("JPEG", size=(64, 40)))
    assert (clean.width, clean.height) == (40, 64)


@pytest.mark.parametrize("image_format", ["GIF", "PDF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(image_format):
    with pytest.raises(CardRejected, match="wrong_format"):
        clean_card_image(photo(image_format, exif=False))


@pytest.mark.parametrize(
    "content",
    [b"just some text, named card.jpg", b"%PDF-1.7\n1 0 obj <<>> endobj\n", b"\xff\xd8\xff\xe0"],
)
def test_files_that_are_not_images_are_refused(content):
    with pytest.raises(CardRejected, match="wrong_format"):
        clean_card_image(content)


def test_truncated_photo_is_refused_as_unreadable():
    with pytest.raises(CardRejected, match="unreadable"):
        clean_card_image(photo("JPEG", size=(300, 200))[:400])


def test_file_over_10_mb_is_refused_before_it_is_decoded():
    upload = SimpleUploadedFile("card.jpg", b"\xff" * (11 * 1024 * 1024), "image/jpeg")
    assert upload.size > MAX_BYTES
    with pytest.raises(CardRejected, match="too_large"):
        clean_card_image(upload)


def test_photo_over_25_megapixels_is_refused_from_its_header():
    with pytest.raises(CardRejected, match="too_many_pixels"):
        clean_card_image(png_bomb(6000, 5000))


def test_a_phone_camera_photo_is_kept_smaller_and_upright():
    # A baseline JPEG of a 24-megapixel camera, taken sideways.
    original = Image.linear_gradient("L").resize((6000, 4000)).convert("RGB")
    out = BytesIO()
    original.save(out, "JPEG", quality=80, exif=exif_with_gps())
    clean = clean_card_image(out.getvalue())
    assert clean.height in (STORED_SIDE - 1, STORED_SIDE), "at most STORED_SIDE, upright"
    assert abs(clean.width - STORED_SIDE * 4 / 6) <= 1


@pytest.mark.parametrize(
    ("image_format", "options"),
    [("JPEG", {"progressive": True}), ("PNG", {}), ("WEBP", {})],
    ids=["progressive JPEG", "PNG", "WebP"],
)
def test_photos_decoded_whole_have_a_lower_ceiling(image_format, options):
    ceiling = MAX_PIXELS_DECODED_WHOLE[image_format]
    width = 2000
    over = Image.new("RGB", (width, ceiling // width + 1), (90, 90, 90))
    out = BytesIO()
    over.save(out, image_format, **options)
    with pytest.raises(CardRejected, match="too_many_pixels"):
        clean_card_image(out.getvalue())
    just = Image.new("RGB", (width, ceiling // width), (90, 90, 90))
    out = BytesIO()
    just.save(out, image_format, **options)
    assert clean_card_image(out.getvalue()).content_type == "image/jpeg"


def test_a_transparent_photo_is_stored_on_white():
    out = BytesIO()
    Image.new("RGBA", (40, 30), (255, 0, 0, 0)).save(out, "PNG")
    clean = Image.open(BytesIO(clean_card_image(out.getvalue()).data))
    assert clean.mode == "RGB"
    assert all(channel > 240 for channel in clean.getpixel((20, 15)))


def test_decompression_bomb_is_refused():
    # 400 megapixels in a few hundred bytes: Pillow itself refuses to open it.
    bomb = png_bomb(20000, 20000)
    assert len(bomb) < 1024
    with pytest.raises(CardRejected, match="too_many_pixels"):
        clean_card_image(bomb)


@pytest.mark.django_db
def test_adding_a_side_again_replaces_the_earlier_photo_and_is_audited():
    lead = LeadFactory()
    first = insurance_card_add(lead=lead, side="front", upload=photo("JPEG"))
    second = insurance_card_add(lead=lead, side="front", upload=photo("PNG"))
    assert list(InsuranceCard.objects.filter(lead=lead).values_list("pk", flat=True)) == [second.pk]
    assert first.name != second.name
    assert len(second.name) == 32
    assert AuditEntry.objects.filter(lead=lead, action="add_insurance_card").count() == 2


@pytest.mark.django_db
def test_rejected_photo_stores_nothing():
    lead = LeadFactory()
    with pytest.raises(CardRejected):
        insurance_card_add(lead=lead, side="back", upload=b"not a photo")
    assert not InsuranceCard.objects.filter(lead=lead).exists()
    assert not AuditEntry.objects.filter(lead=lead).exists()
