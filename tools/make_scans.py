#!/usr/bin/env python3
"""Scanned renditions of PDFs: each page rendered to a grey image, degraded like a library
scan (slight skew, speckle, JPEG), and wrapped as an image-only PDF (no text layer).

Usage::

    python tools/make_scans.py                         # raw/*_print.pdf -> scans/<stem>_scan.pdf (not committed)
    python tools/make_scans.py raw/foo_print.pdf --out /tmp/scans --dpi 200 --seed 3

Deterministic: the skew angle and the speckle of each page come from a generator seeded
by (seed, file name, page number), so the same input and seed give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class ScanStyle:
    dpi: int = 200
    max_skew_deg: float = 0.6  # each page is turned by up to this much, either way
    speckle: float = 0.0015  # share of pixels flipped to dark or light dust
    blur: float = 0.5  # Gaussian radius in pixels: toner spread and scanner optics
    jpeg_quality: int = 70
    paper: int = 238  # grey level of the paper (not pure white)


def _page_images(pdf_bytes: bytes, style: ScanStyle, rng_seed: int):  # type: ignore[no-untyped-def]
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        for i in range(len(doc)):
            page = doc[i]
            w_pt, h_pt = page.get_size()
            img = page.render(scale=style.dpi / 72.0, grayscale=True).to_pil().convert("L")
            page.close()
            rng = np.random.default_rng([rng_seed, i])
            angle = float(rng.uniform(-style.max_skew_deg, style.max_skew_deg))
            img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
            if style.blur:
                img = img.filter(ImageFilter.GaussianBlur(style.blur))
            a = np.asarray(img, dtype=np.int32)
            # paper tone: white becomes light grey, ink stays dark
            a = a * style.paper // 255
            noise = rng.random(a.shape)
            a = np.where(noise < style.speckle / 2, rng.integers(0, 90, a.shape), a)
            a = np.where(noise > 1 - style.speckle / 2, 255, a)
            img = Image.fromarray(a.clip(0, 255).astype(np.uint8), "L")
            # one JPEG round trip: the artefacts of a compressed archive scan
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=style.jpeg_quality)
            yield Image.open(io.BytesIO(buf.getvalue())), (w_pt, h_pt)
    finally:
        doc.close()


def scan_pdf(pdf_bytes: bytes, name: str = "", seed: int = 0, style: ScanStyle | None = None) -> bytes:
    """An image-only PDF of `pdf_bytes`, page size kept (the image's resolution maps it back)."""
    style = style or ScanStyle()
    rng_seed = int.from_bytes(hashlib.sha256(f"{seed}:{name}".encode()).digest()[:4], "big")
    images = [im for im, _ in _page_images(pdf_bytes, style, rng_seed)]
    out = io.BytesIO()
    # a fixed date: the same input gives the same bytes
    when = time.gmtime(946684800)  # 2000-01-01
    images[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=float(style.dpi),
        quality=style.jpeg_quality,
        creationDate=when,
        modDate=when,
    )
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "scans")
    ap.add_argument("--dpi", type=int, default=ScanStyle.dpi)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    pdfs = args.pdfs or sorted((ROOT / "raw").glob("*_print.pdf"))
    args.out.mkdir(parents=True, exist_ok=True)
    style = ScanStyle(dpi=args.dpi)
    for p in pdfs:
        stem = p.stem[: -len("_print")] if p.stem.endswith("_print") else p.stem
        target = args.out / f"{stem}_scan.pdf"
        target.write_bytes(scan_pdf(p.read_bytes(), p.name, args.seed, style))
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
