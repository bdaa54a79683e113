import datetime as dt
import json
import pytest
from tests.factories import make_channel, make_edition, set_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URLS = {
    "front": lambda e: "/",
    "article": lambda e: e.lead.get_absolute_url(),
    "page": lambda e: e.pages[3].get_absolute_url(),
    "section": lambda e: e.pages[1].section.get_absolute_url(),
    "search": lambda e: "/search/?q=湿地",
}

def test_measure(live_server, new_page, axe_source):
    set_publication(hotline="6557709", matrix_title="欢迎关注济宁高新区融媒矩阵")
    for label, kind in [("济宁高新电视", "tv"), ("《蓼河先声》微信公众号", "wechat"), ("《蓼河畔》杂志", "magazine")]:
        make_channel(label, kind=kind, call_to_action="欢迎关注" if kind == "tv" else "")
    e = make_edition(date=dt.date(2019, 7, 11))
    out = {}
    for name, url in URLS.items():
        for width in (375, 1280):
            page = new_page(width=width)
            resp = page.goto(live_server.url + url(e))
            page.evaluate(axe_source)
            r = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','best-practice']}})")
            out[f"{name}-{width}"] = (resp.status, [(v["id"], len(v["nodes"])) for v in r["violations"]])
    print(json.dumps(out, ensure_ascii=False, indent=1))
