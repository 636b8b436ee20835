"""QA journey in Chromium: the app's pages make no request for an outside host (the favicon and
logo used to be a Material icon, which Streamlit's frontend loads from fonts.gstatic.com), and
hostile ecommerce / form labels are drawn as text on the editor and the composers."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from harness import open_app, screenshot, set_editor_text, wait_for_app

ROOT = Path(__file__).resolve().parents[2]
X = '<script>window.__x=1</script><img src=x onerror="window.__x=2">'


def _hostile_ecommerce() -> str:
    rm = json.loads((ROOT / "samples" / "v3_6" / "events" / "rich_message.json").read_text())
    rm["template_id"] = "ecommerce"
    rm["elements"][0]["title"] = X
    rm["elements"][0]["ecommerce"] = {"product_id": X, "view_type": "swatch", "label": X, "options": [
        {"option_id": X, "label": X, "price": 1, "currency": X, "color": X, "selected": True}],
        "addons": [{"addon_type": X, "label": X}]}
    return json.dumps(rm, indent=2)


def test_no_outside_request_and_hostile_labels_stay_text(page, app_url):
    outside = []
    page.on("request", lambda r: outside.append(r.url)
            if urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(r.url).hostname not in ("127.0.0.1", "localhost") else None)
    open_app(page, app_url, "/")
    set_editor_text(page, _hostile_ecommerce())
    wait_for_app(page, timeout=60_000)
    page.get_by_role("tab", name="Preview").click()
    wait_for_app(page)
    screenshot(page, "qa-hostile-ecommerce-editor")
    for path in ("rich-message", "form"):
        page.locator(f'a[href$="/{path}"]').first.click()
        wait_for_app(page, timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, f"qa-hostile-{path}")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert all(f.evaluate("window.__x") is None for f in page.frames)
    assert outside == [], outside
