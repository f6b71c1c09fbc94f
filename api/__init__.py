"""The public JSON API: DRF careers endpoints and Wagtail's own API v2."""
