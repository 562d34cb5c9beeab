import re

import django_filters
from django.db import connection
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import Country, DevelopmentStatus, Organisation, RegionalGroup, StakeholderCategory, User
from consultations.models import INPUT_LANGUAGES, Consent, Consultation, Submission, SubmissionState
from consultations.text import CJK


def labelled_date_range(start, end):
    """Two date fields for a range, each with a name a screen reader announces (the label names the pair)."""
    widget = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
    widget.widgets[0].attrs["aria-label"], widget.widgets[1].attrs["aria-label"] = start, end
    return widget


class PublicInputFilter(django_filters.FilterSet):
    """Filters of the public list. Anonymous inputs never match a country or development filter."""

    q = django_filters.CharFilter(label=_("Words"), method="filter_text")
    category = django_filters.ModelChoiceFilter(
        label=_("Stakeholder category"),
        field_name="organisation__category",
        to_field_name="slug",
        queryset=StakeholderCategory.objects.all(),
        empty_label=_("All categories"),
    )
    regional_group = django_filters.ChoiceFilter(
        label=_("Regional group"),
        field_name="organisation__country__regional_group",
        choices=RegionalGroup.choices,
        empty_label=_("All regional groups"),
    )
    development = django_filters.ChoiceFilter(
        label=_("Development status"),
        method="filter_development",
        choices=DevelopmentStatus.choices,
        empty_label=_("All"),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        method="filter_country",
        to_field_name="iso3",
        queryset=lambda request: Country.objects.by_name(),  # in the reader's language
        empty_label=_("All countries"),
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=INPUT_LANGUAGES, empty_label=_("All languages"))

    class Meta:
        model = Submission
        fields = ["q", "category", "regional_group", "development", "country", "language"]

    def filter_text(self, queryset, name, value):
        value = value.strip()[:200]
        if not value:
            return queryset
        if connection.vendor == "postgresql" and not CJK.search(value):
            # The stored vector of each input's words (migration 0006: a column PostgreSQL keeps, indexed).
            words = RawSQL(  # noqa: S611  (the words are a parameter; only the table name is in the text)
                f"{Submission._meta.db_table}.search_vector @@ websearch_to_tsquery('simple'::regconfig, %s)",
                [value],
                output_field=BooleanField(),
            )
            return queryset.filter(words)
        # Chinese and Japanese have no spaces to split words on, and SQLite has no full-text search.
        for word in re.split(r"\s+", value)[:8]:
            queryset = queryset.filter(search_text__icontains=word)
        return queryset

    def filter_development(self, queryset, name, value):
        return _by_development(queryset.exclude(consent=Consent.ANONYMOUS), value)

    def filter_country(self, queryset, name, value):
        return queryset.exclude(consent=Consent.ANONYMOUS).filter(organisation__country=value)


class QueueFilter(django_filters.FilterSet):
    """The moderators' queue. An unknown value in the address is an error, not an empty list."""

    consultation = django_filters.ModelChoiceFilter(
        label=_("Consultation"),
        to_field_name="slug",
        queryset=Consultation.objects.visible(),
        empty_label=_("All"),
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=SubmissionState.choices, empty_label=_("All"))
    category = django_filters.ModelChoiceFilter(
        label=_("Stakeholder category"),
        field_name="organisation__category",
        to_field_name="slug",
        queryset=StakeholderCategory.objects.all(),
        empty_label=_("All"),
    )
    regional_group = django_filters.ChoiceFilter(
        label=_("Regional group"),
        field_name="organisation__country__regional_group",
        choices=RegionalGroup.choices,
        empty_label=_("All"),
    )
    development = django_filters.ChoiceFilter(
        label=_("Development status"),
        method="filter_development",
        choices=DevelopmentStatus.choices,
        empty_label=_("All"),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name="organisation__country",
        to_field_name="iso3",
        queryset=lambda request: Country.objects.by_name(),  # in the reader's language
        empty_label=_("All"),
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=INPUT_LANGUAGES, empty_label=_("All"))
    verified = django_filters.BooleanFilter(label=_("Verified organisation"), method="filter_verified")
    late = django_filters.BooleanFilter(label=_("Sent after the deadline"), method="filter_late")
    campaign = django_filters.BooleanFilter(
        label=_("Part of a campaign"),
        field_name="campaign",
        lookup_expr="isnull",
        exclude=True,
    )
    group = django_filters.NumberFilter(label=_("Campaign number"), field_name="campaign_id")
    assigned_to = django_filters.ModelChoiceFilter(
        label=_("Assigned to"),
        queryset=User.objects.filter(is_staff=True, groups__name=roles.MODERATOR),
        empty_label=_("Anyone"),
    )
    unassigned = django_filters.BooleanFilter(label=_("Unassigned"), field_name="assigned_to", lookup_expr="isnull")
    submitted = django_filters.DateFromToRangeFilter(
        label=_("Sent between"),
        field_name="submitted_at",
        widget=labelled_date_range(_("Sent from (date)"), _("Sent until (date)")),
    )
    order = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[
            ("submitted_at", "sent"),
            ("reference", "reference"),
            ("organisation__name", "organisation"),
            ("state", "state"),
        ],
        field_labels={
            "submitted_at": _("Sent"),
            "reference": _("Reference"),
            "organisation__name": _("Organisation"),
            "state": _("State"),
        },
    )

    class Meta:
        model = Submission
        fields = []

    def filter_development(self, queryset, name, value):
        return _by_development(queryset, value)

    def filter_verified(self, queryset, name, value):
        verified = Q(organisation__status=Organisation.Status.VERIFIED)
        return queryset.filter(verified) if value else queryset.exclude(verified)

    def filter_late(self, queryset, name, value):
        late = Q(first_submitted_at__gt=F("consultation__closes_at"))
        return queryset.filter(late) if value else queryset.exclude(late)


def _by_development(queryset, value):
    if value == DevelopmentStatus.INTERNATIONAL:
        return queryset.filter(organisation__is_international=True)
    return queryset.filter(
        organisation__is_international=False,
        organisation__country__developed=(value == DevelopmentStatus.DEVELOPED),
    )
