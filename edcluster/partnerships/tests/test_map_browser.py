"""The partners map in a real headless Chromium, on the demo's agreements: the choropleth draws
under the strict CSP, China is coloured, and on a 390 px phone the page does not scroll
sideways (the table scrolls in itself) and the legend lies under the map, covering no country."""

import pytest
from django.conf import settings

from edcluster.organizations.demo import demo_cluster_seed
from edcluster.organizations.reference import reference_data_load
from edcluster.partnerships.demo import demo_agreements_seed
from edcluster.testing import PASSWORD, make_user
from edcluster.testing.browser import console_errors_of, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

# The colour of China's shape, and of a country with no figure (choropleth.js's NO_DATA).
CHINA_COLOUR = """(canvas) => {
  const chart = canvas.chart;
  const shapes = chart.data.datasets[0].data;
  const colour = (id) => chart.getDatasetMeta(0).data[shapes.findIndex(
    (d) => d.feature.id === id)].options.backgroundColor;
  return [colour("156"), colour("076")];
}"""


# Where the lowest country ends and where the colour legend begins, in canvas pixels.
LEGEND_AND_MAP = """(canvas) => {
  const chart = canvas.chart;
  const legend = chart.scales.color;
  const box = legend.options.legend;
  const lowest = Math.max(...chart.getDatasetMeta(0).data.map((shape) => shape.getBounds().y2));
  const top = chart.chartArea.bottom - legend.height - box.indicatorWidth - box.margin;
  return [lowest, top, box.align];
}"""


def test_the_map_colours_china_for_the_demo(live_server, transactional_db, chromium):
    reference_data_load(data_dir=settings.DATA_DIR)
    demo_cluster_seed(data_dir=settings.DATA_DIR)
    demo_agreements_seed(data_dir=settings.DATA_DIR)
    make_user("operator@mc.example", is_operator=True)
    page = chromium.new_page(locale="ru-RU", viewport={"width": 390, "height": 800})
    console_errors = console_errors_of(page)
    page.goto(f"{live_server.url}/ru/accounts/login/")
    page.locator("input[type=email], input[name=username]").first.fill("operator@mc.example")
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/ru/partnerships/map/")
    canvas = page.locator("canvas[data-chart=choropleth]")
    page.wait_for_selector("canvas[data-drawn='1']", timeout=15000)
    china, brazil = canvas.evaluate(CHINA_COLOUR)
    assert brazil == "#eef1f5"  # no figure: the "missing" colour
    assert china not in ("#eef1f5", "transparent")
    assert page.locator("table.country-figures th[scope=row]", has_text="Китай").count() == 1
    lowest, legend_top, align = canvas.evaluate(LEGEND_AND_MAP)
    assert align == "bottom"  # flat, under the map
    assert lowest <= legend_top + 1, (lowest, legend_top)  # no shape reaches into it
    # 390 px: nothing widens the page; the table scrolls inside itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert console_errors == []
