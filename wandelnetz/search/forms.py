from django import forms
from django.utils.translation import gettext_lazy as _

from wandelnetz.search.registry import registered_types
from wandelnetz.search.selectors import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search term"), max_length=MAX_QUERY_LENGTH, required=False)
    kind = forms.ChoiceField(label=_("Only"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [("", _("Everything"))] + [(t.kind, t.label) for t in registered_types()]
        self.fields["kind"].choices = choices  # type: ignore[attr-defined]
