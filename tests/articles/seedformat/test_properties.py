"""Properties over arbitrary input: the parser fails only with SeedFormatError,
and whatever it reads it writes back so that it reads the same again."""

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.seedformat import SeedFormatError, decode, parse, render

from .builders import without_spans

# Blocks a seed page is made of, and near misses of each.
SNIPPETS = [
    "# 济宁高新区召开会议",
    "# 第二篇稿件",
    "## 副标题",
    "## 红帆驿站",
    "### 引题",
    "### 十里湖项目 东部园区开园",
    "#",
    "##",
    "#### 四级",
    "02 要闻",
    "3 新城",
    "**本报济宁7月11日讯(记者 邓超)** 10日,会议召开。",
    "**本报讯 记者 王鹏 实习生 张三**",
    "**编者按** 按语。",
    "会议指出,要全力以赴。",
    "逐项拿出三季度弥补的时",
    "间表,责任人和具体措施。",
    "他说:“好。”",
    "图为驿站落成。 本报记者 孔茜 摄",
    "图为驿站落成。 记者 王鹏 李娜 摄",
    "摄影 张三",
    "济宁高新电视  \n欢迎关注",
    "《蓼河先声》微信公众号",
    "高新区微博",
    "欢迎关注济宁高新区融媒矩阵",
    "融媒体新闻热线: 6557709",
    "2019年",
    "第一行\n第二行。",
]

blocks = st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(min_size=1, max_size=12)), max_size=25)
separators = st.sampled_from(["\n\n", "\n\n\n\n", "\n \n", "\n"])


@st.composite
def seed_like_texts(draw) -> str:
    parts = draw(blocks)
    return "".join(part + draw(separators) for part in parts)


@given(st.text())
@settings(max_examples=300, deadline=None, database=None)
def test_parse_fails_only_with_seed_format_error_on_any_text(text):
    try:
        parse(text)
    except SeedFormatError:
        pass


@given(st.binary())
@settings(max_examples=300, deadline=None, database=None)
def test_decode_fails_only_with_seed_format_error_on_any_bytes(data):
    try:
        decode(data)
    except SeedFormatError:
        pass


@given(seed_like_texts())
@settings(max_examples=400, deadline=None, database=None)
def test_render_of_a_parsed_page_parses_to_the_same_page(text):
    try:
        parsed = parse(text)
    except SeedFormatError:
        return
    assert without_spans(parse(render(parsed))) == without_spans(parsed)
