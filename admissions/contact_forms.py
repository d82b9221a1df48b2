"""The lead page's form to correct contact details and preferences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.models import ContactMethod, ContactTime


class ContactCorrectForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    contact_method = forms.ChoiceField(label=_("Best way to reach"), choices=ContactMethod.choices)
    contact_time = forms.ChoiceField(label=_("Best time"), choices=ContactTime.choices)
