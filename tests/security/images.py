"""Test photos built in memory: real formats, real EXIF with a GPS position, and bombs."""

import struct
import zlib
from io import BytesIO

from PIL import Image

# The camera's GPS position and model, as a phone would write them.
CAMERA_MODEL = "DoorwayTestPhone-GPS"


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x0110] = CAMERA_MODEL  # Model
    exif[0x0112] = 6  # Orientation: rotated, to check the photo is turned upright
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (40.0, 44.0, 54.36)
    gps[3] = "W"
    gps[4] = (73.0, 59.0, 8.5)
    return exif


def photo(image_format: str, *, size: tuple[int, int] = (64, 40), exif: bool = True) -> bytes:
    """A small photo in ``image_format`` carrying GPS EXIF (where the format allows)."""
    image = Image.new("RGB", size, (200, 30, 30))
    out = BytesIO()
    options = {"exif": exif_with_gps()} if exif and image_format in {"JPEG", "PNG", "WEBP"} else {}
    image.save(out, image_format, **options)
    return out.getvalue()


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` grey pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 8)  # a few rows: the rest is never read
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )
