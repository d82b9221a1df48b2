"""The optional insurance card form: a photo of the front, of the back, or both."""

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.insurance import CardRejected, CleanImage, clean_card_image

_PHOTO_WIDGET = {"accept": "image/jpeg,image/png,image/webp"}

# Why a photo was refused, in the person's words, by ``CardRejected.code``.
REFUSALS = {
    "too_large": _("This photo is larger than 10 MB. Please send a smaller photo."),
    "too_many_pixels": _(
        "This photo has more pixels than we can take. Please send a smaller photo, or take one "
        "with your phone's camera."
    ),
    "wrong_format": _("Please send a photo in JPEG, PNG or WebP format."),
    "unreadable": _("We could not read this photo. Please try taking it again."),
}


class InsuranceCardForm(forms.Form):
    """Each photo is checked (format, size, pixels) and re-encoded while the form validates."""

    use_required_attribute = False
    front = forms.FileField(
        label=_("Photo of the front of the card"),
        required=False,
        widget=forms.FileInput(attrs=_PHOTO_WIDGET),
        help_text=_("JPEG, PNG or WebP, up to 10 MB."),
    )
    back = forms.FileField(
        label=_("Photo of the back of the card"),
        required=False,
        widget=forms.FileInput(attrs=_PHOTO_WIDGET),
        help_text=_("JPEG, PNG or WebP, up to 10 MB."),
    )

    def _clean_photo(self, name: str) -> CleanImage | None:
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        try:
            return clean_card_image(upload)
        except CardRejected as rejected:
            raise forms.ValidationError(REFUSALS[rejected.code], code=rejected.code) from None

    def clean_front(self) -> CleanImage | None:
        return self._clean_photo("front")

    def clean_back(self) -> CleanImage | None:
        return self._clean_photo("back")

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors and not cleaned.get("front") and not cleaned.get("back"):
            raise forms.ValidationError(
                _("Choose a photo of the front or the back of your card, or both.")
            )
        return cleaned

    def photos(self) -> dict[str, CleanImage]:
        """The checked photos by card side, once the form is valid."""
        return {
            side: self.cleaned_data[side] for side in ("front", "back") if self.cleaned_data[side]
        }
