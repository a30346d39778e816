"""Throughput and memory of the built-in image analyzer.

Generates synthetic product photos in memory (a product of one or two colors
with shading, stripes or a logo, a soft shadow, sensor noise, on a white or
off-white backdrop), encodes them as JPEG, and times :func:`analyze` on them
in this one process. Only the analysis is timed, not the generation.

    python bench/bench_vision.py [--images 1000] [--size 1024] [--quality 90]
"""
from __future__ import annotations

import argparse
import functools
import io
import resource
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shopify_app.vision import analyze, name_color  # noqa: E402

TARGET_PER_SECOND = 50.0
TARGET_RSS_MB = 300.0
_COLORS = [(200, 30, 40), (20, 40, 110), (30, 100, 210), (30, 140, 60), (240, 200, 40),
           (120, 70, 40), (230, 120, 160), (90, 90, 90), (20, 20, 20), (235, 220, 195),
           (110, 40, 140), (250, 130, 30), (0, 128, 128), (245, 245, 245)]


_NOISE_SIGMAS = (2.0, 3.5, 5.0)


@functools.cache
def _noise(size: int, index: int) -> Image.Image:
    """Sensor-like grey noise around 128, made once per size and strength."""
    noise = Image.effect_noise((size, size), _NOISE_SIGMAS[index])
    return Image.merge("RGB", (noise, noise, noise))


@functools.cache
def _light(size: int) -> Image.Image:
    """Light from above: 1.0 at the top, about 0.83 at the bottom (as an RGB multiplier)."""
    ramp = Image.linear_gradient("L").resize((size, size)).point(lambda v: 255 - v // 6)
    return Image.merge("RGB", (ramp, ramp, ramp))


def product_photo(rng: np.random.Generator, size: int,
                  quality: int) -> tuple[bytes, tuple[int, int, int]]:
    """One synthetic product photo as JPEG bytes (drawn with Pillow, C-speed), and the
    product's main color."""
    grey = 255 if rng.random() < 0.7 else int(rng.integers(238, 252))  # white or off-white
    image = Image.new("RGB", (size, size), (grey, grey, grey))
    main = _COLORS[rng.integers(len(_COLORS))]
    accent = _COLORS[rng.integers(len(_COLORS))]
    margin = int(size * rng.uniform(0.12, 0.25))
    box = (margin, margin + int(rng.integers(-size // 50, size // 50)), size - margin,
           size - margin)

    # A soft shadow under the product: drawn small, blurred by scaling up.
    small = max(size // 8, 1)
    shadow = Image.new("L", (small, small), 0)
    ImageDraw.Draw(shadow).ellipse([v // 8 for v in (box[0], box[3] - size // 20, box[2],
                                                      box[3] + size // 20)], fill=70)
    image.paste((150, 150, 150), mask=shadow.filter(ImageFilter.BoxBlur(2)).resize(
        (size, size), Image.Resampling.BICUBIC))

    product = Image.new("L", (size, size), 0)
    outline = ImageDraw.Draw(product)
    shape = rng.integers(3)
    if shape == 0:
        outline.ellipse(box, fill=255)
    elif shape == 1:
        outline.rounded_rectangle(box, radius=size // 12, fill=255)
    else:
        cx = (box[0] + box[2]) // 2
        outline.polygon([(cx, box[1]), (box[2], box[3]), (box[0], box[3])], fill=255)

    painted = Image.new("RGB", (size, size), main)
    detail = ImageDraw.Draw(painted)
    if rng.random() < 0.5:  # stripes in the accent color
        for y in range(box[1], box[3], size // 16):
            detail.rectangle((0, y, size, y + size // 40), fill=accent)
    else:  # a round logo
        cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
        detail.ellipse((cx - size // 14, cy - size // 14, cx + size // 14, cy + size // 14),
                       fill=accent)
    image.paste(ImageChops.multiply(painted, _light(size)), mask=product)

    noise = ImageChops.offset(_noise(size, int(rng.integers(len(_NOISE_SIGMAS)))),
                              int(rng.integers(size)), int(rng.integers(size)))
    image = ImageChops.add(image, noise, offset=-128)
    if rng.random() < 0.3:  # slightly out of focus
        image = image.filter(ImageFilter.BoxBlur(int(rng.integers(1, 3))))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue(), main


def peak_rss_mb() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / (1024 * 1024) if sys.platform == "darwin" else usage / 1024


def sandbox_run(count: int) -> int:
    """Download and analyze the sandbox store's images over HTTP, as a worker would."""
    import requests

    from shopify_app.sandbox import SandboxServer
    from shopify_app.vision import fetch_image

    with SandboxServer(products=max(count // 2, 10)) as sandbox:
        media = [m for p in sandbox.store().products.values() for m in p["media"]][:count]
        urls = [f"{sandbox.origin}{m['_path']}" for m in media]
        session = requests.Session()
        analyze(fetch_image(urls[0], session=session).bytes)  # warm up
        fetch_seconds = analysis_seconds = 0.0
        for url in urls:
            t0 = time.perf_counter()
            data = fetch_image(url, session=session).bytes
            t1 = time.perf_counter()
            analyze(data)
            fetch_seconds += t1 - t0
            analysis_seconds += time.perf_counter() - t1
    print(f"sandbox images:    {len(urls)} (downloaded over HTTP from the sandbox store)")
    print(f"download:          {fetch_seconds:.2f} s; analysis {analysis_seconds:.2f} s")
    print(f"throughput:        {len(urls) / analysis_seconds:.1f} images/s analysis only, "
          f"{len(urls) / (analysis_seconds + fetch_seconds):.1f} images/s with downloads "
          f"(target ≥ {TARGET_PER_SECOND:.0f} per worker)")
    print(f"peak RSS:          {peak_rss_mb():.0f} MB (target < {TARGET_RSS_MB:.0f} MB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument("--size", type=int, default=1024)
    parser.add_argument("--quality", type=int, default=90)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--source", choices=("synthetic", "sandbox"), default="synthetic",
                        help="sandbox: the sandbox store's own product images (downloaded)")
    args = parser.parse_args(argv)
    if args.source == "sandbox":
        return sandbox_run(args.images)

    rng = np.random.default_rng(args.seed)
    analyze(product_photo(rng, args.size, args.quality)[0])  # warm up caches and imports
    rss_before = peak_rss_mb()
    analysis_seconds = 0.0
    total_bytes = 0
    names: dict[str, int] = {}
    backgrounds: dict[str, int] = {}
    blurry = matched = comparable = 0
    started = time.perf_counter()
    for _ in range(args.images):
        data, main = product_photo(rng, args.size, args.quality)
        total_bytes += len(data)
        t0 = time.perf_counter()
        result = analyze(data)
        analysis_seconds += time.perf_counter() - t0
        if result.colors:
            names[result.colors[0].name] = names.get(result.colors[0].name, 0) + 1
        backgrounds[result.quality.background] = backgrounds.get(result.quality.background, 0) + 1
        blurry += result.quality.blurry
        expected = name_color(main)
        if expected != "white":  # a white product on white is mostly taken for backdrop
            comparable += 1
            matched += bool(result.colors) and result.colors[0].name == expected
    wall = time.perf_counter() - started

    rate = args.images / analysis_seconds if analysis_seconds else float("inf")
    rss = peak_rss_mb()
    print(f"images:            {args.images} × {args.size} px JPEG "
          f"(mean {total_bytes / max(args.images, 1) / 1024:.0f} KB)")
    per_image_ms = analysis_seconds / max(args.images, 1) * 1000
    print(f"analysis time:     {analysis_seconds:.2f} s ({per_image_ms:.1f} ms per image); "
          f"wall time incl. generation {wall:.1f} s")
    print(f"throughput:        {rate:.1f} images/s per worker (target ≥ {TARGET_PER_SECOND:.0f})")
    print(f"peak RSS:          {rss:.0f} MB (before the loop {rss_before:.0f} MB; "
          f"target < {TARGET_RSS_MB:.0f} MB)")
    print(f"dominant colors:   {dict(sorted(names.items(), key=lambda kv: -kv[1]))}")
    print(f"backgrounds:       {backgrounds}; flagged blurry: {blurry}")
    print(f"main color found:  {matched} of {comparable} non-white products "
          f"({matched / max(comparable, 1):.0%}) named as drawn")
    ok = rate >= TARGET_PER_SECOND and rss < TARGET_RSS_MB
    print("result:            " + ("within targets" if ok else "BELOW TARGET"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
