"""The staff sign-in form: allauth's, with the reset link left to the page itself."""

from allauth.account.forms import LoginForm


class StaffLoginForm(LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The page has its own "Forgot your password?" link, in the page's Spanish.
        self.fields["password"].help_text = ""
