"""The reliability tests (make reliability); each starts and stops its own servers."""
