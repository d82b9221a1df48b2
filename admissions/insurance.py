"""Insurance card photos: checked with Pillow, re-encoded without metadata, kept in the database.

A phone photo carries more than the card: GPS position, the phone's make, the time it was taken.
Only the pixels survive here: every accepted photo is decoded and encoded again from scratch, at
most ``STORED_SIDE`` pixels on its longer side (plenty to read a card).

Memory is bounded before any pixel is decoded. A baseline JPEG (what phone cameras write) is
decoded straight at a reduced scale: libjpeg shrinks it while decoding, so even 25 megapixels
cost a few tens of MB. PNG, WebP and progressive JPEG can only be decoded whole, at several
bytes a pixel (WebP's decoder keeps two full frames), so they have lower ceilings, measured so
that the worst accepted photo keeps a web worker under 150 MB. The header gives the size: a
photo over its ceiling is refused without being decoded.
"""

from dataclasses import dataclass
from io import BytesIO
from typing import IO

from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from admissions.audit import record_audit
from admissions.models import InsuranceCard, Lead

MAX_BYTES = 10 * 1024 * 1024
# Pixels accepted, by how the photo must be decoded (see the module's docstring).
MAX_PIXELS = 25_000_000  # baseline JPEG, decoded at a reduced scale
MAX_PIXELS_DECODED_WHOLE = {"JPEG": 5_000_000, "PNG": 5_000_000, "WEBP": 2_000_000}
# The longer side of the stored photo, in pixels.
STORED_SIDE = 2000
# Pillow's names of the formats accepted.
ACCEPTED_FORMATS = ["JPEG", "PNG", "WEBP"]
# Every photo is stored as a JPEG: encoding one streams, where a WebP encoder needs tens of MB.
STORED_CONTENT_TYPE = "image/jpeg"
# File name endings for the staff page (photos stored by earlier versions may be PNG or WebP).
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

ADD_INSURANCE_CARD = "add_insurance_card"
VIEW_INSURANCE_CARD = "view_insurance_card"


class CardRejected(Exception):
    """The upload is not a photo we accept; ``code`` says why (the page words it for the person).

    Codes: ``too_large`` (over 10 MB), ``too_many_pixels`` (over its format's ceiling, or a
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


def _pixel_ceiling(probe: Image.Image) -> int:
    if probe.format == "JPEG" and not probe.info.get("progressive"):
        return MAX_PIXELS
    return MAX_PIXELS_DECODED_WHOLE[probe.format]


def _stored_size(width: int, height: int) -> tuple[int, int]:
    scale = min(1.0, STORED_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _decode_small(image: Image.Image) -> Image.Image:
    """Decode ``image`` at (at most) its stored size, without ever holding more in memory
    than its format needs: a baseline JPEG is scaled by libjpeg while it is decoded."""
    size = _stored_size(*image.size)
    if image.format == "JPEG":
        image.draft(None, size)
    if image.size == size:
        image.load()
        return image
    # Resized in two passes, as Pillow's own resize does, but letting the decoded pixels go
    # between them: the decoded photo is never held together with the final one (12 MB and
    # more saved at the ceilings). EXIF and transparency travel with ``info``.
    wide = image.resize((size[0], image.height), Image.Resampling.BICUBIC)
    image.close()
    return wide.resize(size, Image.Resampling.BICUBIC)


def _without_metadata(image: Image.Image) -> Image.Image:
    """The pixels only, turned upright, in a mode JPEG stores (transparency onto white)."""
    # In place: the decoded image is ours, and a copy of it would only cost memory.
    ImageOps.exif_transpose(image, in_place=True)
    upright = image
    if "A" in upright.getbands() or "transparency" in upright.info:
        rgba = upright if upright.mode == "RGBA" else upright.convert("RGBA")
        clean = Image.new("RGB", rgba.size, "white")
        clean.paste(rgba, mask=rgba.getchannel("A"))
    elif upright.mode in ("RGB", "L"):
        clean = upright
    else:
        clean = upright.convert("RGB")
    # EXIF, XMP, ICC profile, PNG text chunks, comments: none of it is written again.
    clean.info = {}
    return clean


def clean_card_image(upload: IO[bytes] | bytes) -> CleanImage:
    """Check an uploaded photo and return it re-encoded without metadata, at most
    ``STORED_SIDE`` pixels on its longer side.

    Raises ``CardRejected`` for anything over 10 MB or its format's pixel ceiling, anything
    that is not a JPEG, PNG or WebP image (whatever its name says), and damaged or
    decompression-bomb images.
    """
    data = _read(upload)
    try:
        with Image.open(BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
            image_format = probe.format
            width, height = probe.size
            if width * height > _pixel_ceiling(probe):
                raise CardRejected("too_many_pixels")
            probe.verify()
        out = BytesIO()
        # Encoded before the image is closed: closing may release its pixels.
        with Image.open(BytesIO(data), formats=[image_format]) as image:
            clean = _without_metadata(_decode_small(image))
            # Not optimize=True: optimising the Huffman tables makes libjpeg hold every
            # coefficient of the photo at once (about 18 MB more at 2000 pixels a side).
            clean.save(out, "JPEG", quality=90)
    except CardRejected:
        raise
    except Image.DecompressionBombError:
        raise CardRejected("too_many_pixels") from None
    except UnidentifiedImageError:
        raise CardRejected("wrong_format") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError):
        # Pillow reports truncated or malformed files through any of these.
        raise CardRejected("unreadable") from None
    return CleanImage(
        data=out.getvalue(),
        content_type=STORED_CONTENT_TYPE,
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
