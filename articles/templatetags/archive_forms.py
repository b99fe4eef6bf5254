"""Forms drawn whole by their own renderer."""

from django import template

register = template.Library()


@register.simple_tag
def filter_form(form, action, errors=None):
    """{% filter_form filterset.form action errors %}: a list page's filter form
    (articles.filters.FilterForm), drawn by the forms' Jinja2 renderer."""
    return form.as_list_filters(action, errors)
