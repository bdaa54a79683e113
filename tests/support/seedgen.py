"""Synthetic seed pages for benchmarks and property tests.

The pages look like the real transcriptions: Chinese prose mixing full- and
half-width punctuation, paragraphs cut by column breaks, varied datelines and
bylines, runs of blank lines and stray trailing spaces. Everything depends on
the `random.Random` passed in, so a seed gives the same page every time.

Invariants the tests rely on: the first `YYYY年` in the text is the issue's
year, the first story of a page is dated with the issue's month and day, and
every block parses as what it was written as (nothing unclassified).
"""

from __future__ import annotations

import datetime as dt
import random

_PLACES = ("济宁", "任城", "兖州", "曲阜", "邹城", "嘉祥", "汶上", "梁山")
_SURNAMES = "王李张刘陈杨赵黄周吴邓孔孙马朱胡郭何高林罗郑梁谢宋唐许韩冯曹彭曾"
_GIVEN = "超鹏娜茜刚磊静伟芳敏强洁婷军洋艳勇杰涛明霞平辉华飞玲桂英亮"
_SUBJECTS = (
    "高新区", "各街道", "区管委会", "园区企业", "各建设专班", "社区党组织", "区教体局",
    "区人社局", "区住建局", "各部门单位", "区市场监管局", "洸河街道", "黄屯街道", "王因街道",
)
_ACTIONS = (
    "聚焦", "围绕", "紧盯", "全力推进", "扎实开展", "持续深化", "统筹推进", "加快推进",
    "认真落实", "积极探索", "不断完善", "着力抓好",
)
_OBJECTS = (
    "重点项目建设", "营商环境优化", "招商引资工作", "乡村振兴战略", "基层党建工作",
    "安全生产检查", "清洁取暖改造", "文明城市创建", "科技创新平台建设", "民生实事",
    "人才引进工作", "生态环境治理", "“两谷一港一中心”建设", "“放管服”改革",
    "老旧小区改造", "校园安全管理", "就业创业服务", "产业集聚区发展",
)
_RESULTS = (
    "取得了明显成效", "形成了良好氛围", "实现了预期目标", "得到了群众的普遍认可",
    "打下了坚实基础", "推动各项工作提质增效", "确保各项任务按时完成", "进一步增强了发展后劲",
)
_CONNECTIVES = ("今年以来", "近日", "据了解", "与此同时", "下一步", "截至目前", "会议要求", "会议指出")
_UNITS = ("家企业", "个项目", "个社区", "名群众", "项措施", "个点位")
_TITLE_TAILS = ("工作推进会召开", "取得新突破", "跑出加速度", "按下快进键", "再上新台阶", "见实效", "全面启动")
_SUBHEADINGS = ("强化责任担当", "坚持问题导向", "突出工作重点", "狠抓工作落实", "完善长效机制", "优化服务保障")
_SECTIONS = ("要闻", "新城", "家园", "民生", "经济", "文化", "综合", "视点")
_CHANNELS = (
    "济宁高新电视", "《蓼河先声》微信公众号", "济宁高新区微信公众号", "《蓼河畔》杂志",
    "高新区微博", "济宁高新网", "蓼河新闻客户端",
)
_COMMAS = (",", "，")  # the transcription left many commas half-width
_COLUMN_BREAK_CHANCE = 0.15


def generate_page(rng: random.Random, *, date: dt.date, front: bool, page_number: int, section: str) -> str:
    """The text of one synthetic seed page.

    A front page holds a lead story (and maybe a second), teasers to inner
    pages, a photo story and the media-channel footer; an inner page starts
    with its `NN 名称` line and holds 2–4 stories, maybe with a photo story.
    """
    writer = _Writer(rng, date)
    if front:
        writer.story(lead=True)
        if rng.random() < 0.5:
            writer.story(lead=False)
        writer.teasers()
        writer.photo_story(with_ref=True)
        writer.footer()
    else:
        writer.block(f"{page_number:02d} {section}")
        for n in range(rng.randint(2, 4)):
            writer.story(lead=n == 0)
        if rng.random() < 0.4:
            writer.photo_story(with_ref=False)
    return writer.text()


class _Writer:
    def __init__(self, rng: random.Random, date: dt.date) -> None:
        self.rng = rng
        self.date = date
        self.blocks: list[str] = []

    def text(self) -> str:
        # Runs of blank lines of any length, as the scans left them.
        parts = ["\n" * self.rng.choice((0, 0, 2))]
        for n, block in enumerate(self.blocks):
            if n:
                parts.append("\n" + "\n" * self.rng.choice((1, 1, 1, 3)))
            parts.append(block)
        return "".join(parts) + "\n"

    def block(self, text: str) -> None:
        self.blocks.append(text + (" " * self.rng.choice((0, 0, 0, 0, 1, 2))))

    # -- prose ---------------------------------------------------------------

    def comma(self) -> str:
        return self.rng.choice(_COMMAS)

    def sentence(self) -> str:
        rng, c = self.rng, self.comma()
        subject, action, thing = rng.choice(_SUBJECTS), rng.choice(_ACTIONS), rng.choice(_OBJECTS)
        form = rng.randrange(5)
        if form == 0:
            return f"{rng.choice(_CONNECTIVES)}{c}{subject}{action}{thing}{c}{rng.choice(_RESULTS)}。"
        if form == 1:
            amount = f"{rng.randint(2, 99)}.{rng.randint(1, 9)}亿元"
            growth = f"{rng.randint(1, 60)}.{rng.randint(0, 9)}%"
            return f"{subject}累计完成投资{amount}{c}同比增长{growth}{c}{rng.choice(_RESULTS)}。"
        if form == 2:
            count = f"{rng.randint(3, 300)}{rng.choice(_UNITS)}"
            return f"{subject}{action}{thing}{c}先后走访{count}{c}现场解决问题{rng.randint(2, 40)}个。"
        if form == 3:
            return f"要{action}{thing}{c}做到“{rng.choice(_RESULTS)}”{c}确保{rng.choice(_OBJECTS)}取得实效。"
        return f"{subject}负责人表示{c}将{action}{thing}{c}{rng.choice(_RESULTS)}。"

    def paragraph(self, opening: str = "", shortest: int = 150, longest: int = 300) -> str:
        target = self.rng.randint(shortest, longest)
        text = opening
        while len(text) < target:
            text += self.sentence()
        return text

    def name(self) -> str:
        given = "".join(self.rng.choice(_GIVEN) for _ in range(self.rng.choice((1, 1, 2))))
        return self.rng.choice(_SURNAMES) + given

    def headline(self, with_year: bool) -> str:
        rng = self.rng
        if with_year:
            return f"{rng.choice(_SUBJECTS)}召开{self.date.year}年第{rng.randint(2, 40)}次{rng.choice(_OBJECTS)}推进会"
        return f"{rng.choice(_SUBJECTS)}{rng.choice(_OBJECTS)}{rng.choice(_TITLE_TAILS)}"

    # -- records -------------------------------------------------------------

    def dateline(self, dated: bool) -> str:
        rng, place = self.rng, self.rng.choice(_PLACES)
        date = self.date if dated or rng.random() < 0.5 else self.date - dt.timedelta(days=1)
        when = f"{date.month}月{date.day}日"
        a, b = self.name(), self.name()
        if dated:
            return rng.choice((
                f"本报{place}{when}讯(记者 {a})",
                f"本报{place}{when}讯（记者 {a} 通讯员 {b}）",
                f"本报{when}讯(本报记者 {a})",
                f"本报{place}{when}讯(见习记者 {a} 实习生 {b})",
            ))
        return rng.choice((
            "本报讯",
            f"本报讯(记者 {a} {b})",
            f"本报讯 记者 {a} 实习生 {b}",
            f"本报讯（通讯员 {a}、{b}）",
            f"本报讯(记者{a})",
            f"本报{place}{when}讯(特约记者 {a})",
        ))

    def body_paragraph(self, text: str) -> None:
        """Write a paragraph, sometimes cut in two by a column break mid-sentence."""
        if self.rng.random() < _COLUMN_BREAK_CHANCE:
            cut = self.rng.randint(len(text) * 2 // 5, len(text) * 4 // 5)
            while cut < len(text) - 1 and text[cut - 1] in "。！？…；：!?;:”’」』）)\"'":
                cut += 1  # a cut after final punctuation would end the paragraph
            if cut < len(text) - 1:
                self.block(text[:cut])
                self.block(text[cut:])
                return
        self.block(text)

    def story(self, lead: bool) -> None:
        rng = self.rng
        if rng.random() < 0.25:
            self.block(f"### {rng.choice(_SUBJECTS)}{rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)}")
        self.block(f"# {self.headline(with_year=lead)}")
        if rng.random() < 0.6:
            self.block(f"## {rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)} {rng.choice(_RESULTS)}")
        # The year is in the lead's headline; other stories mention no year.
        self.body_paragraph(f"**{self.dateline(dated=lead)}** " + self.paragraph(f"{self.date.day - 1 or 1}日{self.comma()}"))
        with_subheadings = not lead and rng.random() < 0.3
        for n in range(rng.randint(8, 15) - 1):
            if with_subheadings and n % 4 == 2:
                self.block(f"## {rng.choice(_SUBHEADINGS)}")
            self.body_paragraph(self.paragraph())

    def teasers(self) -> None:
        rng = self.rng
        for number in sorted(rng.sample(range(2, 9), rng.randint(2, 3))):
            first = f"{rng.choice(_SUBJECTS)}{rng.choice(_OBJECTS)}"
            second = f"{rng.choice(_PLACES)}{rng.choice(_OBJECTS)}{rng.choice(_TITLE_TAILS)}"
            self.block(f"### {first} {second}")
            self.block(f"{number:02d} {rng.choice(_SECTIONS)}")

    def photo_story(self, with_ref: bool) -> None:
        rng = self.rng
        self.block(f"## {rng.choice(_PLACES)}{rng.choice(('红帆驿站', '党群服务中心', '口袋公园', '便民市场'))}")
        credit = rng.choice((
            f"本报记者 {self.name()} 摄",
            f"通讯员 {self.name()} 摄",
            f"记者 {self.name()} {self.name()} 摄",
            f"摄影 {self.name()}",
        ))
        caption = self.paragraph(f"图为{rng.choice(_SUBJECTS)}{rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)}现场。", 80, 160)
        self.block(f"{caption} {credit}")
        if with_ref:
            self.block(f"{rng.randint(2, 8):02d} {rng.choice(_SECTIONS)}")

    def footer(self) -> None:
        rng = self.rng
        channels = rng.sample(_CHANNELS, rng.randint(3, 5))
        self.blocks.append(f"{channels[0]}  \n欢迎关注")
        for label in channels[1:]:
            self.block(label)
        self.block("欢迎关注济宁高新区融媒矩阵")
        self.block(f"融媒体新闻热线: {rng.randint(6_000_000, 6_999_999)}")
