"""The board's screens in the admin. Every write goes through `services`; each
view checks the role's permission first (staff login, then 403)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from articles.models import Article, Issue

from . import rules, services
from .board import build_board
from .forms import DropForm, MoveForm, PlanIssueForm, StoryForm, move_targets, page_choice_label
from .models import PlanChange, PlannedStory
from .querysets import plan_counts


@method_decorator(staff_member_required, name="dispatch")
class PlanningAdminMixin:
    """Admin chrome, staff login and the role's permission for every planning screen."""

    title = _("版面策划")

    def has_permission(self, user) -> bool:
        return rules.can_view_board(user)

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_title(self) -> str:
        return self.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(admin.site.each_context(self.request))
        context.update(title=self.get_title(), is_nav_sidebar_enabled=False)
        return context


class ServiceFormMixin:
    """A form whose `save(form)` calls a service and returns the response; a
    PlanningError from the service shows on the form instead."""

    def form_valid(self, form):
        try:
            return self.save(form)
        except services.PlanningError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)


class IssueMixin(PlanningAdminMixin):
    """Screens of one issue, addressed by its date."""

    def get_issue(self) -> Issue:
        if not hasattr(self, "_issue"):
            self._issue = get_object_or_404(Issue, date=self.kwargs["date"])
        return self._issue

    def board_url(self) -> str:
        return reverse("planning:board", kwargs={"date": self.get_issue().date})

    def get_context_data(self, **kwargs):
        return super().get_context_data(issue=self.get_issue(), board_url=self.board_url(), **kwargs)


class IssueListView(PlanningAdminMixin, ListView):
    """Upcoming issues and issues with a plan; the user's own assignments first."""

    template_name = "planning/issue_list.html"
    context_object_name = "issues"
    paginate_by = 20

    def get_queryset(self):
        return (
            Issue.objects.annotate(n_pages=Count("pages", distinct=True), **plan_counts())
            .filter(Q(date__gte=timezone.localdate()) | Q(n_planned__gt=0))
            .order_by("-date")
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        mine = (
            PlannedStory.objects.planned()
            .assigned_to(user)
            .exclude(article__status=Article.Status.PUBLISHED)
            .for_board()
            .order_by("page__issue__date", "page__number", "position")
        )
        return super().get_context_data(my_stories=list(mine), can_plan_issue=rules.can_plan_issue(user), **kwargs)


class PlanIssueView(ServiceFormMixin, PlanningAdminMixin, FormView):
    template_name = "planning/plan_issue.html"
    form_class = PlanIssueForm
    title = _("新建待出版的期")

    def has_permission(self, user) -> bool:
        return rules.can_plan_issue(user)

    def save(self, form):
        issue = services.plan_issue(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("已新建 {issue}，可以开始策划选题了。").format(issue=issue))
        return HttpResponseRedirect(reverse("planning:board", kwargs={"date": issue.date}))


class BoardView(IssueMixin, TemplateView):
    template_name = "planning/board.html"

    def get_title(self) -> str:
        return _("{issue} 策划板").format(issue=self.get_issue())

    def get_context_data(self, **kwargs):
        user = self.request.user
        issue = self.get_issue()
        can_move = rules.can_move_story(user)
        targets = list(move_targets(issue)) if can_move else []
        return super().get_context_data(
            board=build_board(issue, user),
            move_targets=[(p.pk, page_choice_label(p, issue.pk)) for p in targets],
            can_add=rules.can_add_story(user),
            can_edit=rules.can_edit_story(user),
            can_move=can_move,
            can_drop=rules.can_drop_story(user),
            can_publish=rules.can_publish_issue(user),
            **kwargs,
        )


class AddStoryView(ServiceFormMixin, IssueMixin, FormView):
    template_name = "planning/story_form.html"
    form_class = StoryForm
    title = _("新增选题")

    def has_permission(self, user) -> bool:
        return rules.can_add_story(user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "issue": self.get_issue()}

    def get_initial(self):
        return {"page": self.request.GET.get("page")}

    def save(self, form):
        story = services.add_story(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("已新增选题《{headline}》。").format(headline=story.working_headline))
        return HttpResponseRedirect(f"{self.board_url()}#story-{story.pk}")


class StoryMixin(IssueMixin):
    """Screens and actions on one planned story."""

    def get_story(self) -> PlannedStory:
        if not hasattr(self, "_story"):
            self._story = get_object_or_404(
                PlannedStory.objects.select_related("page__issue", "page__section", "article"), pk=self.kwargs["pk"]
            )
            self._issue = self._story.page.issue
        return self._story

    def get_issue(self) -> Issue:
        return self.get_story().page.issue

    def back_to_board(self) -> HttpResponseRedirect:
        return HttpResponseRedirect(f"{self.board_url()}#story-{self.get_story().pk}")


class EditStoryView(ServiceFormMixin, StoryMixin, FormView):
    template_name = "planning/story_form.html"
    form_class = StoryForm
    title = _("修改选题")

    def has_permission(self, user) -> bool:
        return rules.can_edit_story(user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "issue": self.get_issue(), "with_page": False}

    def get_initial(self):
        story = self.get_story()
        return {name: getattr(story, name) for name in services.EDITABLE_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(story=self.get_story(), **kwargs)

    def save(self, form):
        services.edit_story(story=self.get_story(), user=self.request.user, changes=form.cleaned_data)
        messages.success(self.request, _("选题已保存。"))
        return self.back_to_board()


class StoryActionView(StoryMixin, View):
    """A POST-only action on a story: a subclass's `perform(story, data)` calls a
    service and returns the message to show; then back to the board."""

    http_method_names = ["post"]
    form_class = None

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, **self.get_form_kwargs()) if self.form_class else None
        if form is not None and not form.is_valid():
            errors = "；".join(f"{form.fields[name].label}：{' '.join(errs)}" for name, errs in form.errors.items())
            messages.error(request, errors)
            return self.back_to_board()
        try:
            done = self.perform(self.get_story(), form.cleaned_data if form else {})
        except services.PlanningError as error:
            messages.error(request, str(error))
            return self.back_to_board()
        messages.success(request, done)
        return self.back_to_board()

    def get_form_kwargs(self) -> dict:
        return {}


class MoveStoryView(StoryActionView):
    form_class = MoveForm

    def has_permission(self, user) -> bool:
        return rules.can_move_story(user)

    def get_form_kwargs(self) -> dict:
        return {"issue": self.get_issue()}

    def perform(self, story, data) -> str:
        story = services.move_story(story=story, page=data["page"], position=data["position"] - 1, user=self.request.user)
        return _("已把《{headline}》移到{page}第 {n} 条。").format(
            headline=story.working_headline, page=page_choice_label(data["page"], self.get_issue().pk), n=story.position + 1
        )


class DropStoryView(StoryActionView):
    form_class = DropForm

    def has_permission(self, user) -> bool:
        return rules.can_drop_story(user)

    def perform(self, story, data) -> str:
        services.drop_story(story=story, user=self.request.user, reason=data["reason"])
        return _("已撤下《{headline}》。").format(headline=story.working_headline)


class RestoreStoryView(StoryActionView):
    def has_permission(self, user) -> bool:
        return rules.can_drop_story(user)

    def perform(self, story, data) -> str:
        services.restore_story(story=story, user=self.request.user)
        return _("已恢复《{headline}》。").format(headline=story.working_headline)


class StartWritingView(StoryActionView):
    """The reporter (or an editor) turns the card into a draft and goes to write it."""

    def post(self, request, *args, **kwargs):
        try:
            article = services.start_writing(story=self.get_story(), user=request.user)
        except services.PlanningError as error:
            messages.error(request, str(error))
            return self.back_to_board()
        messages.success(request, _("已创建草稿《{headline}》，开始写稿吧。").format(headline=article.headline))
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


class PublishIssueView(IssueMixin, View):
    http_method_names = ["post"]

    def has_permission(self, user) -> bool:
        return rules.can_publish_issue(user)

    def post(self, request, *args, **kwargs):
        issue = self.get_issue()
        try:
            published = services.publish_planned_issue(issue=issue, user=request.user)
        except services.PlanningError as error:
            messages.error(request, _("{issue} 不能发布：{reasons}").format(issue=issue, reasons=error))
        else:
            messages.success(request, _("{issue} 已发布 {n} 篇稿件。").format(issue=issue, n=len(published)))
        return HttpResponseRedirect(self.board_url())


class ChangeLogView(IssueMixin, ListView):
    template_name = "planning/changes.html"
    context_object_name = "changes"
    paginate_by = 50

    def get_title(self) -> str:
        return _("{issue} 策划记录").format(issue=self.get_issue())

    def get_queryset(self):
        return PlanChange.objects.for_issue(self.get_issue()).with_relations()
