from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """``limit``/``offset`` paging that answers 400 for a bad value instead of
    quietly using the default, as DRF's own class does."""

    default_limit = 20
    max_limit = 100
    #: The count of the whole list, where the view has already taken it.
    count = None

    def get_count(self, queryset):
        return self.count if self.count is not None else super().get_count(queryset)

    def _number(self, request, name, default, minimum, maximum=None):
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or value < minimum or (maximum is not None and value > maximum):
            bounds = f"between {minimum} and {maximum}" if maximum else f"{minimum} or more"
            raise ValidationError({name: [f"Must be a whole number {bounds}, not {raw!r}."]})
        return value

    def get_limit(self, request):
        return self._number(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request):
        return self._number(request, self.offset_query_param, 0, 0)
