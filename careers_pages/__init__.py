"""Careers pages: the careers index, job postings, departments, and Careers
Markdown import/export."""
