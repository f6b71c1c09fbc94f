"""PagePreview moves here from careers_pages: its table and content type as they were."""

from django.db import migrations

from cms.moved_models import MOVE_DEPENDENCIES, move_models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("careers_pages", "0001_squashed_0008_initial"), *MOVE_DEPENDENCIES]
    operations = move_models("careers_pages", "careers_previews", ['PagePreview'])
