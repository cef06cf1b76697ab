"""Use cases of the portal: legal and trust pages, the contact form, the person's own data
(export, closing the account), retention, and the admin dashboard. Flush, never commit."""
