"""articles.hooks: buttons capability apps put above the admin's article list."""

from articles import hooks


def test_a_tool_registered_twice_is_listed_once():
    tool = hooks.AdminTool(label="工具", url_name="admin:index", permission="articles.view_article")
    before = hooks.article_list_tools()
    hooks.register_article_list_tool(tool)
    hooks.register_article_list_tool(tool)
    try:
        assert hooks.article_list_tools() == (*before, tool)
    finally:
        hooks._article_list_tools.remove(tool)
