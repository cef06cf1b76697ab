"""The portal: legal and trust pages, easy German, the contact form, and the signed-in
person's own data (export, closing the account)."""

from flask import Blueprint

bp = Blueprint("portal", __name__)

from actiondays.web.portal import views_account, views_pages  # noqa: E402, F401 - routes
