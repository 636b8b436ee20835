"""The app's own icon, drawn here so the browser never fetches one from an outside host.

A Material icon given as page_icon or to st.logo (":material/forum:") makes Streamlit's
frontend load that icon's SVG from fonts.gstatic.com: a request for an outside host on every
page load, which the playground never makes. This draws a speech bubble with Pillow (installed
with Streamlit) and Streamlit serves it from the app's own media endpoint.
"""
from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw

BLUE = (39, 98, 230, 255)


@lru_cache(maxsize=1)
def icon() -> Image.Image:
    """A 64×64 blue speech bubble with three dots (built once per process)."""
    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((4, 6, 60, 46), radius=12, fill=BLUE)
    d.polygon([(14, 44), (14, 60), (30, 45)], fill=BLUE)
    for x in (18, 32, 46):
        d.ellipse((x - 4, 22, x + 4, 30), fill=(255, 255, 255, 255))
    return img
