"""htmx endpoints for choosing a personnel management unit (also usable as plain GET pages)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import PROVINCE_CODE, personnel_units_search, regions_counties


@login_required
@require_GET
def region_counties(request):
    """<option>s of the counties of a city (for the county select)."""
    city = request.GET.get("city", "")
    counties = regions_counties(city_code=city) if city and city != PROVINCE_CODE else []
    return render(request, "orgs/county_options.html", {"counties": counties, "city": city})


@login_required
@require_GET
def unit_search(request):
    """The personnel units of a region matching ``q`` (name, full pinyin or initials)."""
    city = request.GET.get("city", "")
    county = request.GET.get("county", "")
    if county and county[:4] != city[:4]:  # the city changed before the county list was refreshed
        county = ""
    region = county or city
    q = request.GET.get("q", "")[:50]
    units = personnel_units_search(region_code=region, q=q)
    return render(
        request, "orgs/unit_results.html",
        {"units": units, "region": region, "q": q, "selected": request.GET.get("selected", "")},
    )
