"""Synthetic photos of business cards and fair badges, with the truth of each field.

Deterministic: photo `i` of a split is made from `random.Random(f"{split}-{i}")`, so the same
command always gives the same set and nothing large is committed. Varied on purpose: five
layouts (left-aligned card, centred card, two columns, fair badge, card with a QR code),
the DejaVu faces on this machine (sans, serif, condensed, mono; regular and bold), Italian
names with accents and apostrophes, rotation, blur, noise, uneven light, JPEG compression,
all as a 1280-pixel photo of the card on a desk.

    uv run python bench/card_photos.py --out /tmp/cards   # writes the photos to look at
"""

from __future__ import annotations

import argparse
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FACES = [
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    ("DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-Bold.ttf"),
    ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
]
FIRST = [
    "Niccolò", "Nicolò", "Giulia", "Mattia", "Chiara", "Andrea", "Francesca", "Lucia",
    "Gabriele", "Federica", "Elisa", "Paolo", "Davide", "Ilaria", "Noemi", "Tommaso",
    "Beatrice", "Sofia", "Jacopo", "Martina", "Raffaele", "Anna", "Michele", "Valentina",
]  # fmt: skip
LAST = [
    "Bernardi", "D'Angelo", "De Luca", "Esposito", "Ferrari", "Russo", "Colombo", "Ricci",
    "Marino", "Greco", "Cantù", "Pellè", "Tomà", "Bertè", "Lombardi", "Moretti", "Barbieri",
    "Santoro", "Rinaldi", "Cattaneo", "Pellegrino", "Sanna", "Fabbri", "Galli",
]  # fmt: skip
COMPANY_CORES = [
    "Ferretti Meccanica", "Acme Italia", "Lumen", "Vitale Logistica", "Orsini", "Nordtech",
    "Brera Design", "Castelli Alimentari", "Delta Energia", "Sirio Software", "Tessuti Rovere",
    "Marche Digitale", "Polaris", "Bianco Costruzioni", "Adriatica Trasporti", "Quadra",
]  # fmt: skip
SUFFIXES = ["S.p.A.", "S.r.l.", "Srl", "SpA", "Group", "Consulting", "Ltd", "Studio Associato"]
ROLES = [
    "Responsabile Acquisti", "HR Manager", "Talent Acquisition Specialist",
    "Sviluppatrice Software", "Direttore Commerciale", "Senior Data Engineer",
    "Account Manager", "Project Manager", "Amministratore Delegato", "Product Designer",
    "Consulente del Lavoro", "Marketing Specialist", "CTO", "Ingegnere di Processo",
]  # fmt: skip
STREETS = ["Via Roma 12", "Viale Monza 221", "Corso Buenos Aires 5", "Piazza Duomo 1"]
CITIES = ["20121 Milano", "40138 Bologna", "10121 Torino", "00184 Roma", "50123 Firenze"]
LAYOUTS = ("left", "centred", "columns", "badge", "qr_card")


@dataclass
class Truth:
    name: str
    company: str
    role: str
    email: str
    phone: str  # E.164
    url: str  # the website, or the LinkedIn profile on a QR card
    qr: str = ""  # the QR payload, when the photo has one
    layout: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Photo:
    key: str
    jpeg: bytes
    truth: Truth


def _slug(text: str) -> str:
    table = str.maketrans("àèéìòùÀÈÉÌÒÙ'", "aeeiouAEEIOU-")
    return "".join(
        c for c in text.translate(table).lower().replace(" ", "-") if c.isalnum() or c == "-"
    )


def _person(rng: random.Random) -> Truth:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    core = rng.choice(COMPANY_CORES)
    company = f"{core} {rng.choice(SUFFIXES)}"
    domain = _slug(core).replace("-", rng.choice(["", "-"])) + rng.choice([".it", ".com", ".eu"])
    local = rng.choice([f"{_slug(first)}.{_slug(last)}", f"{_slug(first)[0]}.{_slug(last)}"])
    phone_local = f"{rng.choice(['02', '051', '011', '06', '333', '347', '320'])}"
    digits = "".join(rng.choice("0123456789") for _ in range(7))
    return Truth(
        name=f"{first} {last}",
        company=company,
        role=rng.choice(ROLES),
        email=f"{local.replace('--', '-')}@{domain}",
        phone=f"+39{phone_local}{digits}",
        url=f"https://www.{domain}",
    )


def _pretty_phone(e164: str, rng: random.Random) -> str:
    national = e164[3:]
    head = 3 if national.startswith("3") else (2 if national[:2] in ("02", "06") else 3)
    spaced = f"{national[:head]} {national[head : head + 3]} {national[head + 3 :]}"
    return rng.choice(
        [
            f"+39 {spaced}",
            f"Tel. +39 {spaced}",
            f"T +39 {spaced}",
            f"({national[:head]}) {national[head:]}",
        ]
    )


def _font(size: int, bold: bool, face: tuple[str, str]) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / face[1 if bold else 0]), size)


def _qr(payload: str, box: int) -> Image.Image:
    buffer = io.BytesIO()
    segno.make_qr(payload, error="m").save(buffer, kind="png", scale=8, border=3)
    return (
        Image.open(io.BytesIO(buffer.getvalue()))
        .convert("RGB")
        .resize((box, box), Image.Resampling.NEAREST)
    )


def _vcard(truth: Truth) -> str:
    first, _, last = truth.name.partition(" ")
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{last};{first};;;\r\nFN:{truth.name}\r\n"
        f"ORG:{truth.company}\r\nTITLE:{truth.role}\r\nEMAIL:{truth.email}\r\n"
        f"TEL:{truth.phone}\r\nURL:{truth.url}\r\nEND:VCARD\r\n"
    )


def _draw_card(truth: Truth, layout: str, rng: random.Random) -> Image.Image:
    face = rng.choice(FACES)
    ink = rng.choice([(10, 10, 10), (30, 40, 90), (60, 30, 20)])
    paper = rng.choice([(252, 252, 250), (245, 240, 228), (236, 242, 248)])
    phone = _pretty_phone(truth.phone, rng)
    web = truth.url.removeprefix("https://")
    address = f"{rng.choice(STREETS)}, {rng.choice(CITIES)}"
    if layout == "badge":
        image = Image.new("RGB", (900, 1240), paper)
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, 900, 170), fill=(20, 60, 140))
        draw.text(
            (50, 55),
            rng.choice(["JOB FAIR MILANO 2026", "CAREER DAY BOLOGNA", "TECH EXPO ROMA"]),
            font=_font(52, True, face),
            fill="white",
        )
        first, _, last = truth.name.partition(" ")
        draw.text((60, 250), first.upper(), font=_font(96, True, face), fill=ink)
        draw.text((60, 370), last.upper(), font=_font(76, False, face), fill=ink)
        draw.text((60, 500), truth.company, font=_font(46, True, face), fill=ink)
        draw.text((60, 570), truth.role, font=_font(38, False, face), fill=ink)
        if rng.random() < 0.5:
            truth.qr = _vcard(truth)
            image.paste(_qr(truth.qr, 440), (230, 700))
            truth.notes.append("vCard QR")
        else:
            truth.email = truth.phone = truth.url = ""
        return image
    image = Image.new("RGB", (1400, 800), paper)
    draw = ImageDraw.Draw(image)
    big, mid, small = rng.randint(62, 78), rng.randint(38, 46), rng.randint(30, 36)
    if layout == "left":
        draw.text((90, 90), truth.name, font=_font(big, True, face), fill=ink)
        draw.text((90, 90 + big + 25), truth.role, font=_font(mid, False, face), fill=ink)
        draw.text((90, 90 + big + mid + 60), truth.company, font=_font(mid, True, face), fill=ink)
        y = 470
        for line in (address, truth.email, phone, web):
            draw.text((90, y), line, font=_font(small, False, face), fill=ink)
            y += small + 22
    elif layout == "centred":

        def centre(y: int, text: str, font: ImageFont.FreeTypeFont) -> None:
            width = draw.textlength(text, font=font)
            draw.text(((1400 - width) / 2, y), text, font=font, fill=ink)

        centre(70, truth.company.upper(), _font(mid + 6, True, face))
        centre(250, truth.name, _font(big, True, face))
        centre(250 + big + 25, truth.role, _font(mid - 4, False, face))
        centre(560, f"{phone}  ·  {truth.email}", _font(small - 4, False, face))
        centre(620, web, _font(small - 4, False, face))
    else:  # columns, qr_card
        draw.text((80, 110), truth.name, font=_font(big, True, face), fill=ink)
        draw.text((80, 110 + big + 20), truth.role, font=_font(mid - 4, False, face), fill=ink)
        draw.text((80, 560), truth.company, font=_font(mid, True, face), fill=ink)
        x = 820 if layout == "columns" else 80
        y = 330 if layout == "columns" else 400
        lines = (
            (truth.email, phone, web)
            if layout == "qr_card"
            else (f"E: {truth.email}", phone, web, address)
        )
        for line in lines:
            draw.text(
                (x, y),
                line,
                font=_font(small - 6 if layout == "columns" else small, False, face),
                fill=ink,
            )
            y += small + 18
        if layout == "qr_card":
            slug = _slug(truth.name) + f"-{rng.randint(1000, 99999):x}"
            truth.url = f"https://www.linkedin.com/in/{slug}"
            truth.qr = truth.url
            image.paste(_qr(truth.qr, 300), (1020, 420))
            truth.notes.append("LinkedIn QR; the website is printed")
    return image


def _photograph(card: Image.Image, rng: random.Random) -> Image.Image:
    """The card on a desk, a little rotated, blurred, noisy, unevenly lit, 1280 px wide."""
    desk = rng.choice([(120, 100, 80), (60, 60, 65), (180, 175, 165)])
    angle = rng.uniform(-9, 9)
    card = card.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC, fillcolor=desk)
    photo = Image.new("RGB", (int(card.width * 1.15), int(card.height * 1.15)), desk)
    photo.paste(card, ((photo.width - card.width) // 2, (photo.height - card.height) // 2))
    light = Image.linear_gradient("L").rotate(rng.uniform(0, 360)).resize(photo.size)
    dim = rng.uniform(0.55, 0.9)
    shade = light.point(lambda v: int(255 * (dim + (1 - dim) * v / 255)))
    photo = Image.composite(photo, Image.new("RGB", photo.size, (0, 0, 0)), shade)
    photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(0, 1.6)))
    noise = Image.effect_noise(photo.size, rng.uniform(0, 30)).convert("RGB")
    photo = Image.blend(photo, noise, rng.uniform(0.0, 0.12))
    scale = 1280 / max(photo.size)
    return photo.resize(
        (round(photo.width * scale), round(photo.height * scale)), Image.Resampling.LANCZOS
    )


def make_photo(split: str, index: int) -> Photo:
    rng = random.Random(f"{split}-{index}")
    truth = _person(rng)
    truth.layout = LAYOUTS[index % len(LAYOUTS)]
    photo = _photograph(_draw_card(truth, truth.layout, rng), rng)
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=rng.randint(60, 90))
    return Photo(f"{split}-{index:02d}-{truth.layout}", buffer.getvalue(), truth)


def make_set(split: str, count: int) -> list[Photo]:
    return [make_photo(split, i) for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--split", default="tune", choices=["tune", "holdout"])
    parser.add_argument("--count", type=int, default=40)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for photo in make_set(args.split, args.count):
        (args.out / f"{photo.key}.jpg").write_bytes(photo.jpeg)
        print(photo.key, photo.truth)


if __name__ == "__main__":
    main()
