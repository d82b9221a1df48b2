"""Insurance card photos: checked with Pillow, re-encoded without metadata, kept in the database.

A phone photo carries more than the card: GPS position, the phone's make, the time it was taken.
Only the pixels survive here: every accepted photo is decoded and encoded again from scratch.
The limits (10 MB, 25 megapixels) keep one upload from exhausting a server's memory; images
that claim more pixels than that are refused from their header, before any pixel is decoded.
"""

from dataclasses import dataclass
from io import BytesIO
from typing import IO

from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from admissions.audit import record_audit
from admissions.models import InsuranceCard, Lead

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 25_000_000
# Pillow's own name for each accepted format, and what the staff page serves it as.
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

ADD_INSURANCE_CARD = "add_insurance_card"
VIEW_INSURANCE_CARD = "view_insurance_card"


class CardRejected(Exception):
    """The upload is not a photo we accept; ``code`` says why (the page words it for the person).

    Codes: ``too_large`` (over 10 MB), ``too_many_pixels`` (over 25 megapixels, or a
    decompression bomb), ``wrong_format`` (not JPEG, PNG or WebP), ``unreadable`` (damaged).
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    width: int
    height: int


def _read(upload: IO[bytes] | bytes) -> bytes:
    if isinstance(upload, bytes):
        data = upload
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > MAX_BYTES:
            raise CardRejected("too_large")
        data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise CardRejected("too_large")
    if not data:
        raise CardRejected("unreadable")
    return data


def _without_metadata(image: Image.Image, image_format: str) -> Image.Image:
    """The pixels only, turned upright and in a mode the format can store."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode == "P" and "transparency" in upright.info:
        upright = upright.convert("RGBA")
    allowed = {
        "JPEG": {"RGB", "L"},
        "PNG": {"1", "L", "LA", "P", "RGB", "RGBA"},
        "WEBP": {"RGB", "RGBA"},
    }[image_format]
    if upright.mode not in allowed:
        has_alpha = "A" in upright.getbands() or "transparency" in upright.info
        upright = upright.convert("RGBA" if has_alpha and image_format != "JPEG" else "RGB")
    clean = upright.copy()
    # EXIF, XMP, ICC profile, PNG text chunks, comments: none of it is written again.
    clean.info = {}
    return clean


def clean_card_image(upload: IO[bytes] | bytes) -> CleanImage:
    """Check an uploaded photo and return it re-encoded without metadata.

    Raises ``CardRejected`` for anything over 10 MB or 25 megapixels, anything that is not a
    JPEG, PNG or WebP image (whatever its name says), and damaged or decompression-bomb images.
    """
    data = _read(upload)
    try:
        with Image.open(BytesIO(data), formats=list(CONTENT_TYPES)) as probe:
            image_format = probe.format
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise CardRejected("too_many_pixels")
            probe.verify()
        with Image.open(BytesIO(data), formats=[image_format]) as image:
            image.load()
            clean = _without_metadata(image, image_format)
    except CardRejected:
        raise
    except Image.DecompressionBombError:
        raise CardRejected("too_many_pixels") from None
    except UnidentifiedImageError:
        raise CardRejected("wrong_format") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError):
        # Pillow reports truncated or malformed files through any of these.
        raise CardRejected("unreadable") from None

    out = BytesIO()
    if image_format == "JPEG":
        clean.save(out, "JPEG", quality=90, optimize=True)
    elif image_format == "WEBP":
        clean.save(out, "WEBP", quality=90)
    else:
        clean.save(out, "PNG")
    return CleanImage(
        data=out.getvalue(),
        content_type=CONTENT_TYPES[image_format],
        width=clean.width,
        height=clean.height,
    )


def insurance_card_add(
    *, lead: Lead, side: str, upload: IO[bytes] | bytes, ip: str | None = None
) -> InsuranceCard:
    """Check an uploaded photo and store it as one side of the lead's card.

    Raises ``CardRejected`` (nothing stored) when the photo is not acceptable.
    """
    return insurance_card_save(lead=lead, side=side, image=clean_card_image(upload), ip=ip)


@transaction.atomic
def insurance_card_save(
    *, lead: Lead, side: str, image: CleanImage, ip: str | None = None
) -> InsuranceCard:
    """Store a checked photo as one side of the lead's card, replacing an earlier one."""
    if side not in InsuranceCard.Side.values:
        raise ValueError(f"Unknown card side {side!r}")
    InsuranceCard.objects.filter(lead=lead, side=side).delete()
    card = InsuranceCard.objects.create(
        lead=lead,
        side=side,
        content_type=image.content_type,
        image=image.data,
        width=image.width,
        height=image.height,
    )
    record_audit(user=None, action=ADD_INSURANCE_CARD, lead=lead, ip=ip, detail={"side": side})
    return card


def insurance_lead(lead_id: int | None) -> Lead | None:
    """The lead a person may add card photos to, from the id their own session holds."""
    if lead_id is None:
        return None
    return Lead.objects.filter(pk=lead_id).first()


def insurance_card_sides(lead: Lead) -> list[str]:
    """Which sides of the card the lead has sent a photo of (for the person's own page)."""
    return list(InsuranceCard.objects.filter(lead=lead).values_list("side", flat=True))


def insurance_cards_of(lead: Lead) -> list[InsuranceCard]:
    """The lead's card photos, front first, without loading the images themselves."""
    cards = InsuranceCard.objects.filter(lead=lead).defer("image")
    return sorted(cards, key=lambda card: InsuranceCard.Side.values.index(card.side))


def insurance_card_read(*, lead: Lead, name: str, user, ip: str | None) -> InsuranceCard:
    """One photo for a staff member to look at, recorded in the audit log.

    Raises ``InsuranceCard.DoesNotExist`` when the lead has no photo of that name.
    """
    card = InsuranceCard.objects.get(lead=lead, name=name)
    record_audit(
        user=user, action=VIEW_INSURANCE_CARD, lead=lead, ip=ip, detail={"side": card.side}
    )
    return card
