"""The worst photo we accept keeps a web worker under 150 MB.

Each photo is made here, at its format's ceiling and as large a file as allowed where that
costs more, then checked by a fresh Python process that sets Django up like a web worker
(the URLs imported, a few pages rendered), and reports its own peak resident memory (Linux's
VmHWM) after ``clean_card_image``. Before the bounded decoding, a 25-megapixel PNG took a
process to about 350 MB and a WebP to over 900 MB.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from admissions.insurance import MAX_BYTES, MAX_PIXELS, MAX_PIXELS_DECODED_WHOLE
from tests.reliability.conftest import test_database_url

REPO_ROOT = Path(__file__).resolve().parents[2]
PEAK_LIMIT_MB = 150

MEASURE = """
import json, os, sys
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
browser = Client()
for url in ("/", "/screen/", "/help/"):
    browser.get(url)
from admissions.insurance import clean_card_image
data = open(sys.argv[1], "rb").read()
with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")  # restart the peak from here: the worker as it waits for the upload

def status(field):
    line = next(l for l in open("/proc/self/status") if l.startswith(field + ":"))
    return int(line.split()[1]) // 1024

before = status("VmRSS")
clean = clean_card_image(data)
print(json.dumps({"before": before, "peak": status("VmHWM"), "width": clean.width}))
"""


def _size(pixels: int) -> tuple[int, int]:
    """A 4:3 photo of about ``pixels`` pixels, at most that many."""
    width = int((pixels * 4 / 3) ** 0.5)
    return width, pixels // width


def _noisy(size: tuple[int, int], mode: str) -> Image.Image:
    """Noise compresses badly: the file is as large, and the decoding as long, as can be."""
    noise = Image.effect_noise(size, 64)
    return noise if mode == "L" else Image.merge(mode, [noise] * len(mode))


def _within_max_bytes(save, qualities) -> bytes:
    """The largest file ``save(quality)`` gives under MAX_BYTES, trying the best quality first."""
    for quality in qualities:
        data = save(quality)
        if len(data) <= MAX_BYTES:
            return data
    pytest.fail("no quality gives a file under MAX_BYTES")


def _encoded(image: Image.Image, image_format: str, **options) -> bytes:
    from io import BytesIO

    out = BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def worst_baseline_jpeg() -> bytes:
    image = _noisy(_size(MAX_PIXELS), "RGB")
    return _within_max_bytes(
        lambda q: _encoded(image, "JPEG", quality=q, subsampling=0), range(70, 10, -10)
    )


def worst_progressive_jpeg() -> bytes:
    image = _noisy(_size(MAX_PIXELS_DECODED_WHOLE["JPEG"]), "RGB")
    return _within_max_bytes(
        lambda q: _encoded(image, "JPEG", quality=q, subsampling=0, progressive=True),
        range(100, 10, -10),
    )


def worst_png() -> bytes:
    # Transparent: decoded with four bytes a pixel, then laid onto white.
    size = _size(MAX_PIXELS_DECODED_WHOLE["PNG"])
    image = Image.linear_gradient("L").resize(size)
    return _encoded(Image.merge("RGBA", [image] * 4), "PNG")


def worst_webp() -> bytes:
    image = _noisy(_size(MAX_PIXELS_DECODED_WHOLE["WEBP"]), "RGBA")
    return _within_max_bytes(lambda q: _encoded(image, "WEBP", quality=q), range(100, 10, -10))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [worst_baseline_jpeg, worst_progressive_jpeg, worst_png, worst_webp],
    ids=["baseline JPEG", "progressive JPEG", "PNG", "WebP"],
)
def test_the_worst_accepted_photo_keeps_a_worker_under_150_mb(make, tmp_path):
    photo = tmp_path / "card"
    photo.write_bytes(make())
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # The pages it renders read the database: the test database has the tables.
        "DATABASE_URL": test_database_url(),
    }
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, str(photo)],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert measured.returncode == 0, measured.stderr[-3000:]
    figures = json.loads(measured.stdout.strip().splitlines()[-1])
    print(f"{make.__name__}: {photo.stat().st_size // 1024} kB, {figures}")
    assert figures["width"] > 0, "the photo was accepted"
    assert figures["peak"] <= PEAK_LIMIT_MB, figures
