"""Distribution: telling search engines and job boards of the open postings.

The Google Indexing API (notifications sent by the task worker, logged in the
admin), and the static export of the public API (``manage.py export_api``) with
the paths each change touches. The content app knows nothing of this app: it
listens to Wagtail's signals.
"""
