from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .caching import public_url


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """``limit``/``offset`` paging that answers 400 for a bad value instead of
    quietly using the default, as DRF's own class does. The next and previous
    links keep only the parameters the view reads (its ``list_parameters``), on
    the public origin, so that they depend on nothing the response cache's key
    leaves out."""

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

    def paginate_queryset(self, queryset, request, view=None):
        names = view.list_parameters() if hasattr(view, "list_parameters") else request.GET
        self.base_url = public_url(request, names)
        return super().paginate_queryset(queryset, request, view)

    def page_link(self, offset: int) -> str:
        url = replace_query_param(self.base_url, self.limit_query_param, self.limit)
        if offset <= 0:
            return remove_query_param(url, self.offset_query_param)
        return replace_query_param(url, self.offset_query_param, offset)

    def get_next_link(self):
        if self.offset + self.limit >= self.count:
            return None
        return self.page_link(self.offset + self.limit)

    def get_previous_link(self):
        if self.offset <= 0:
            return None
        return self.page_link(self.offset - self.limit)
