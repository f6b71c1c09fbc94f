from pathlib import Path

import pytest
from django.core.management import call_command

PROJECT = Path(__file__).resolve().parent.parent
HOPPSCOTCH = PROJECT.parent / "shared" / "fixtures" / "hoppscotch"
DEMO = PROJECT / "demo"


@pytest.fixture
def hoppscotch() -> Path:
    """The real Hoppscotch careers pages, which live outside the project."""
    if not (HOPPSCOTCH / "careers-index.json").is_file():
        pytest.skip(f"the Hoppscotch fixtures are not at {HOPPSCOTCH} (../shared/fixtures)")
    return HOPPSCOTCH


@pytest.fixture
def imported_hoppscotch(db, hoppscotch):
    """The database after importing the Hoppscotch careers pages."""
    call_command("import_careers", str(hoppscotch), verbosity=0)
    return hoppscotch
