import json

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import ManyToManyField
from django.http import Http404
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


def _is_superuser(request):
    return request.user.is_active and request.user.is_superuser


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """User data is for superusers only, whatever permissions a staff member holds."""

    def has_module_permission(self, request):
        return _is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_add_permission(self, request, *args):
        return _is_superuser(request)

    def has_change_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _is_superuser(request)


class EstimatedCountPaginator(Paginator):
    """A paginator that never counts a whole large table on PostgreSQL.

    COUNT(*) reads every row: 2.3 million ratings took most of a second for each admin page.
    The count is exact up to EXACT_UP_TO rows (a count that stops there); beyond, it is the
    planner's estimate (from pg_class.reltuples and the statistics, refreshed by autovacuum),
    so "2,300,512 skill ratings" may be off by a little and the last page may be short or
    empty. Other databases count exactly.
    """

    EXACT_UP_TO = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return super().count
        queryset = queryset.order_by()
        bounded = queryset[: self.EXACT_UP_TO + 1].count()
        if bounded <= self.EXACT_UP_TO:
            return bounded
        return max(bounded, _planner_estimate(queryset))


def _planner_estimate(queryset) -> int:
    plan = json.loads(queryset.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class LargeListAdmin(admin.ModelAdmin):
    """List settings for admin lists over tables that grow with the users (millions of
    rows): no full-table count anywhere. Each admin also orders by an indexed column and
    selects the related rows its columns show (list_select_related)."""

    paginator = EstimatedCountPaginator
    # "N results (M total)" under a filter would count the whole table again.
    show_full_result_count = False


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks up the submitted value to re-show an invalid form;
    a value that is not an id at all (typed into the raw POST) made that lookup raise a
    ValueError and the page answer 500. Such values are left out of the lookup: the form
    shows its usual "Select a valid choice" error instead. A required select starts with an
    empty option, as HTML asks."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.model._meta.get_field(self.field.remote_field.field_name)
        groups = super().optgroups(name, [v for v in value if _converts(target, v)], attr)
        if self.is_required and not self.allow_multiple_selected:
            # HTML wants a required single select to start with an empty option (Django
            # leaves it out when the field is required); select2 shows the chosen one.
            groups[0][1].insert(0, self.create_option(name, "", "---------", False, 0))
        return groups


def _converts(field, value) -> bool:
    if value in ("", None):
        return True
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class SafeAutocompleteMixin:
    """Use SafeAutocompleteSelect for every autocomplete foreign key (admins and inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """Show a field with choices by its label in a history's changes ("Proficient", not 3)."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not isinstance(field, ManyToManyField):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


CHANGE_REASON_LABEL = "Reason for this change"
CHANGE_REASON_HELP = (
    "Optional. Kept in the history with every change this save makes, the rows edited "
    "inline on this page included."
)


class ChangeReasonForm(forms.ModelForm):
    """An admin form with a reason for the change, kept in the history records it makes."""

    change_reason = forms.CharField(
        label=CHANGE_REASON_LABEL,
        required=False,
        # django-simple-history's history_change_reason column holds 100 characters
        max_length=100,
        help_text=CHANGE_REASON_HELP,
    )


class HistoryAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    """django-simple-history's admin, answering 404 (not 500) to a history address whose
    object or version is not a number, showing choices by their labels in the changes, and
    asking for a reason for each change: it is kept in the history records of the object
    and of the rows its inlines change. Saving the form with nothing changed of the object
    itself (only inline rows) records no empty change of the object."""

    form = ChangeReasonForm
    # the reason is shown after the inline rows, next to the buttons
    change_form_template = "admin/change_form_with_reason.html"

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name != "change_reason"]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        if change and not set(form.changed_data) - {"change_reason"}:
            return
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("change_reason") or None
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        pk = self.model._meta.pk
        history_id = self.model.history.model._meta.get_field("history_id")
        if not (_converts(pk, unquote(object_id)) and _converts(history_id, version_id)):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)
