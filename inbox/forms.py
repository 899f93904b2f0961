from django import forms

from articles.permissions import APPROVE

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["delivery", "language", "categories"]
        widgets = {
            "delivery": forms.RadioSelect,
            "categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a reviewer's choice of categories means anything.
        if not user.has_perm(APPROVE):
            del self.fields["categories"]
