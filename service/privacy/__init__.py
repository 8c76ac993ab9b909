"""The right to erasure: removing an author's text and personal data on the host site's request."""
