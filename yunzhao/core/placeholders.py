"""Temporary: URL names reserved for pages under construction answer 404."""

from django.http import Http404


def under_construction(request, *args, **kwargs):
    raise Http404
