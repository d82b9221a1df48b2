"""A small OpenID Connect provider (django-oauth-toolkit) that the single sign-on tests start
in a second process on 127.0.0.1: a stand-in for Entra ID, Okta or Google Workspace that
speaks the real protocol. Test-only; Doorway never imports it."""
