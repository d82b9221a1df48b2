"""The optional insurance card step, reached from the person's own result page.

Only the person who just sent their screening can add photos: the lead is the one recorded in
their own session when it was created, never a number from the URL or the form.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from admissions.insurance import insurance_card_save, insurance_card_sides, insurance_lead
from intake import wizard
from intake.insurance_forms import InsuranceCardForm
from intake.ratelimit import upload_limited
from intake.views import too_many


@never_cache
def insurance_card(request: HttpRequest) -> HttpResponse:
    """Upload a photo of the front and/or back of the insurance card."""
    lead = insurance_lead(wizard.result_lead_id(request))
    if lead is None:
        return redirect("intake:result")
    status = 200
    if request.method == "POST":
        # Before any photo is decoded: decoding is what costs a server memory and time.
        if upload_limited(request, lead_id=lead.pk):
            return too_many(request, try_again=reverse("intake:result"), photo=True)
        form = InsuranceCardForm(request.POST, request.FILES)
        if form.is_valid():
            # The person's address is not kept: the audit log records staff, not patients.
            for side, image in form.photos().items():
                insurance_card_save(lead=lead, side=side, image=image)
            messages.success(request, _("Thank you, we received your photo."))
            return redirect("intake:insurance_card")
        status = 400
    else:
        form = InsuranceCardForm()
    context = {"form": form, "received": insurance_card_sides(lead)}
    return render(request, "intake/insurance_card.html", context, status=status)
