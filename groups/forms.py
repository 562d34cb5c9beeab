"""The forms of the report's pages: plain forms, one per thing done, each read by a view that calls one service."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from groups.models import Kind, Position, Status


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    symbol = forms.CharField(label=_("Document symbol"), max_length=60, required=False,
                             help_text=_("e.g. E/CN.16/2014/CRP.3"))  # fmt: skip
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES, initial="en")


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=500)
    parent = forms.TypedChoiceField(label=_("Within"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("At the top level"))] + [(s.pk, s.heading) for s in sections]


class ParagraphForm(forms.Form):
    """A new paragraph, or a paragraph's text and kind; `revision` is the one the editor opened."""

    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000,
                           help_text=_("Square brackets mark text not agreed: [text], or alternatives as "
                                       "[option A] / [option B]."))  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.NARRATIVE)
    section = forms.TypedChoiceField(label=_("Section"), coerce=int, required=False, empty_value=None)
    language = forms.ChoiceField(label=_("Written in"), choices=[("", _("The report's language")), *settings.LANGUAGES],
                                 required=False)  # fmt: skip
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("Before the first section"))] + [(s.pk, s.heading) for s in sections]


class SplitForm(forms.Form):
    first = forms.CharField(label=_("First paragraph"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)
    second = forms.CharField(label=_("Second paragraph"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2_000,
                             required=False)  # fmt: skip


class PublishForm(forms.Form):
    note = forms.CharField(label=_("Chair's note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5_000,
                           required=False)  # fmt: skip


class RoundForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Deadline (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    publish_comments = forms.BooleanField(label=_("Publish the comments once the round closes"), required=False)
    observers_may_comment = forms.BooleanField(label=_("Observers may comment"), required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000,
                           required=False)  # fmt: skip
    amendment = forms.CharField(
        label=_("Proposed amendment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20_000,
        required=False,
        help_text=_("The paragraph as you propose it; it is shown against the draft's text."),
    )
    position = forms.ChoiceField(label=_("Position"), choices=[("", _("No position")), *Position.choices],
                                 required=False)  # fmt: skip
    explanation = forms.CharField(label=_("Explanation of the position"), widget=forms.Textarea(attrs={"rows": 2}),
                                  max_length=20_000, required=False)  # fmt: skip
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)


class SeatForm(forms.Form):
    """The account that speaks for a member, or that follows the group as an observer: by its e-mail address."""

    email = forms.EmailField(label=_("E-mail address of the account"))


class ReportDocumentForm(forms.Form):
    """The report to the Commission made from a published draft: its language, and whether it has the annex."""

    language = forms.ChoiceField(label=_("Language of the document"), choices=settings.LANGUAGES, initial="en")
    annex = forms.BooleanField(label=_("With the annex of paragraphs without consensus"), required=False)
