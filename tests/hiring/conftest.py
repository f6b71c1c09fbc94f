"""The hiring inbox's fixtures (a hiring team member, an editor, postings of the
demo content), for every module of the hiring tests."""

from tests.hiring.test_hiring_inbox import backend, designer, editor, hiring_member  # noqa: F401
