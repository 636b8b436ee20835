"""The chat summaries page in a real browser: the table, choosing a row to drill into, several
uploaded pages, the CSV download, demo data at scale, and a clear message for a bad file."""
from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
from harness import editor_text, open_app, screenshot, wait_for_app
from playwright.sync_api import expect

from playground.presentation.generate import as_list_chats, generate_chat_summaries

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser
PATH = "/chat-summaries"
ROW_HEIGHT = 35         # Streamlit's default dataframe row (and header) height, in px


def open_page(page, app_url):
    # Through the navigation, as a person would.
    open_app(page, app_url)
    page.get_by_role("link", name="Chat summaries").first.click()
    wait_for_app(page)
    expect(page).to_have_url(app_url + PATH)
    page.locator('[data-testid="stDataFrame"]').first.wait_for()


def source(page, name: str) -> None:
    page.get_by_role("radio", name=name).click()
    wait_for_app(page)


def click_row(page, row: int) -> None:
    """Tick the selection box of a 0-based row of the main table (the grid is a canvas)."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    grid.hover()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2)
    wait_for_app(page, settle_ms=600)


def heading(page, text: str):
    return page.get_by_role("heading", name=text)


def test_table_and_drilldown(app_url, page):
    open_page(page, app_url)
    expect(page.get_by_text("Chats shown")).to_be_visible()
    # The first row is drilled into from the start ...
    expect(heading(page, "Chat summary PJ0MRSHTDG")).to_be_visible()
    expect(page.get_by_text("Preview of the last events")).to_be_visible()
    expect(page.locator(".lcp-root").first).to_contain_text("Hello")
    screenshot(page, "chat-summaries-table")
    # ... and ticking the second row drills into that one.
    click_row(page, 1)
    expect(heading(page, "Chat summary PJ0MRSHTDH")).to_be_visible()
    expect(page.locator(".lcp-root").first).to_contain_text("Is the blue one in stock?")
    expect(page.get_by_text("Valid: no errors, no warnings.")).to_be_visible()
    heading(page, "Chat summary PJ0MRSHTDH").scroll_into_view_if_needed()
    screenshot(page, "chat-summaries-drilldown")


def test_chat_sample_timeline_beside_transcript(app_url, page):
    open_page(page, app_url)
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="v3.2 · chat.json").click()
    wait_for_app(page)
    expect(heading(page, "Chat PJ0MRSHTDG")).to_be_visible()
    expect(page.get_by_text("Timeline")).to_be_visible()
    expect(page.get_by_text("Transcript preview")).to_be_visible()
    expect(page.locator(".lcp-root").first).to_contain_text("Thomas Anderson")
    screenshot(page, "chat-summaries-chat")
    # The chat goes to the editor, to be fixed or studied there.
    page.get_by_role("button", name="Open in the editor").click()
    wait_for_app(page)
    expect(page.get_by_text("Opened the chat from the Chat summaries page.")).to_be_visible()
    assert '"id": "PJ0MRSHTDG"' in editor_text(page)


def test_several_uploaded_pages_and_a_bad_file(app_url, page, tmp_path):
    items = generate_chat_summaries(30, seed=77)
    files = []
    for i, part in enumerate((items[:20], items[20:])):
        p = tmp_path / f"page{i + 1}.json"
        p.write_text(json.dumps(as_list_chats(part, next_page_id=f"P{i + 2}" if i == 0 else None)))
        files.append(p)
    bad = tmp_path / "broken.json"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    files.append(bad)
    open_page(page, app_url)
    source(page, "Upload files")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(f) for f in files])
    wait_for_app(page, settle_ms=1000)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="broken.json")).to_contain_text("binary")
    expect(page.get_by_text("2 list_chats pages, 30 chat summaries")).to_be_visible()
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("30")
    expect(page.get_by_role("button", name="Download these 30 rows as CSV")).to_be_visible()
    screenshot(page, "chat-summaries-upload")


def test_csv_download_is_the_filtered_view(app_url, page):
    open_page(page, app_url)
    page.get_by_role("textbox", name="Search").fill("anna")
    page.get_by_role("textbox", name="Search").press("Enter")
    wait_for_app(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download this row as CSV").click()
    download = dl.value
    assert download.suggested_filename == "chat_summaries.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [r["chat_id"] for r in rows] == ["PJ0MRSHTDH"]
    assert rows[0]["customer_email"] == "anna.k@example.com"
    assert rows[0]["queue_wait_time"] == "95"
    assert list(rows[0])[:3] == ["chat_id", "errors", "warnings"]     # the order shown on the page


def test_demo_data_at_scale(app_url, page):
    open_page(page, app_url)
    source(page, "Demo data")
    n = page.get_by_role("spinbutton", name="Chats")
    n.fill("5000")
    n.press("Enter")
    wait_for_app(page, timeout=120_000)
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("5,000")
    # A rerun on the cached table (a filter change) stays quick; the figure is printed, not asserted.
    t0 = time.monotonic()
    page.get_by_role("radio", name="Active", exact=True).click()
    wait_for_app(page, settle_ms=0)
    print(f"rerun with 5,000 rows after a filter change: {time.monotonic() - t0:.2f} s")
    shown = int(page.locator('[data-testid="stMetricValue"]').first.inner_text().replace(",", ""))
    assert 0 < shown < 5000
    screenshot(page, "chat-summaries-demo")


def _metric(page, label: str) -> int:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return int(box.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))


def _pick_version(page, label: str) -> None:
    page.get_by_role("combobox", name="Written for API version").click()
    page.get_by_role("option", name=label).click()
    wait_for_app(page, timeout=120_000)


def test_versions_and_a_clicked_bar_filters_the_table(app_url, page):
    """Demo data written for v3.6, then v3.7 (chat info): the version line and the version's
    columns; a click on a bar of the hour chart keeps only that hour's rows; Clear shows all."""
    open_page(page, app_url)
    source(page, "Demo data")
    _pick_version(page, "v3.6 · stable")
    expect(page.get_by_text("API v3.6 · stable, detected")).to_be_visible()
    expect(heading(page, "Chat summary").first).to_be_visible()
    assert _metric(page, "Chats shown") == 1000
    screenshot(page, "chat-summaries-v3.6")
    grid = page.locator('[data-testid="stDataFrame"]').first      # its version columns, further right
    grid.hover()
    page.mouse.wheel(1600, 0)
    page.wait_for_timeout(400)
    grid.screenshot(path=str(screenshot(page, "chat-summaries-v3.6", full_page=False).with_name(
        "chat-summaries-v3.6-columns.png")))

    _pick_version(page, "v3.7 · preview")
    expect(page.get_by_text("API v3.7 · preview, detected")).to_be_visible()
    expect(page.get_by_role("heading", name="Chat info").first).to_be_visible()

    # The hour chart: Vega draws each bar as an SVG path labelled with its fields.
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    bars = chart.locator('path[aria-roledescription="bar"]')
    expect(bars).not_to_have_count(0)
    labels = bars.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    counts = {}
    for text in labels:
        fields = dict(part.split(": ", 1) for part in (text or "").split("; ") if ": " in part)
        if "hour" in fields:
            counts[int(fields["hour"])] = counts.get(int(fields["hour"]), 0) + int(fields.get("chats", 0))
    hour = max(counts, key=counts.get)
    bar = next(i for i, t in enumerate(labels) if f"; hour: {hour};" in (t or "") and "chats: 0;" not in t)
    bars.nth(bar).click()
    wait_for_app(page, timeout=60_000, settle_ms=600)
    expect(page.get_by_text("Filtered by the charts")).to_be_visible()
    expect(page.get_by_text(f"last thread started at hour (UTC): {hour}")).to_be_visible()
    assert _metric(page, "Chats shown") == counts[hour]
    screenshot(page, "chat-summaries-v3.7-chart-filter")

    page.get_by_role("button", name="Clear chart filter").click()
    wait_for_app(page, timeout=60_000)
    expect(page.get_by_text("Filtered by the charts")).to_have_count(0)
    assert _metric(page, "Chats shown") == 1000
