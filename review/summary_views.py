"""The summary of inputs in the console: asking the workers for one, following its progress, downloading it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import console_required
from consultations.models import Consultation
from reports.models import Compilation
from review import summary as summaries
from review.forms import SummaryForm
from review.roles import WRITE_SYNTHESIS


@console_required(WRITE_SYNTHESIS)
def summary(request, slug):
    """The consultation's summaries of inputs, and the form that asks for one (its edition and language)."""
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    form = SummaryForm(request.POST or None, initial={"edition": Compilation.Edition.COMPLETE})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            made = summaries.summary_request(user=request.user, consultation=consultation, **form.cleaned_data)
            messages.success(request, _("Summary %(n)d is on its way.") % {"n": made.pk})
            return redirect("review:summary", consultation.slug)
        status = 400
    context = {"consultation": consultation, "form": form, "summaries": summaries.summaries_of(consultation)}
    return render(request, "review/summary.html", context, status=status)
