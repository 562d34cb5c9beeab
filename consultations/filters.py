import re

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.utils.translation import gettext_lazy as _

from accounts.models import Country, DevelopmentStatus, RegionalGroup, StakeholderCategory
from consultations.models import INPUT_LANGUAGES, Consent, Submission
from consultations.text import CJK


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
        queryset=Country.objects.all(),
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
            vector = SearchVector("search_text", config="simple")
            return queryset.annotate(search=vector).filter(
                search=SearchQuery(value, config="simple", search_type="websearch")
            )
        # Chinese and Japanese have no spaces to split words on, and SQLite has no full-text search.
        for word in re.split(r"\s+", value)[:8]:
            queryset = queryset.filter(search_text__icontains=word)
        return queryset

    def filter_development(self, queryset, name, value):
        named = queryset.exclude(consent=Consent.ANONYMOUS)
        if value == DevelopmentStatus.INTERNATIONAL:
            return named.filter(organisation__is_international=True)
        return named.filter(
            organisation__is_international=False,
            organisation__country__developed=(value == DevelopmentStatus.DEVELOPED),
        )

    def filter_country(self, queryset, name, value):
        return queryset.exclude(consent=Consent.ANONYMOUS).filter(organisation__country=value)
