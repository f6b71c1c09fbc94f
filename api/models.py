"""The API's one table: where every process reads the response cache's generation."""

from django.db import models


class CacheGeneration(models.Model):
    """One row: the generation of the cached API responses when the cache itself
    is not shared between processes (local memory, the default). Every app
    server, worker and command reads and bumps it in the database they share."""

    value = models.BigIntegerField()

    class Meta:
        verbose_name = "API cache generation"

    def __str__(self):
        return str(self.value)
