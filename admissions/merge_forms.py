from django import forms


class MergeForm(forms.Form):
    """From the possible-duplicate warning: the other lead, and which of the two to keep."""

    other = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    keep = forms.IntegerField(min_value=1)
