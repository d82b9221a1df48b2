"""The reporting page and the CSV of each of its tables: figures only, never a person."""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.decorators import requires
from accounts.permissions import Perm, allows
from reporting import selectors
from reporting.forms import RangeForm


def _names(request: HttpRequest) -> bool:
    """Supervisors, who hand leads to counsellors, see them by name; analysts by number."""
    return allows(request.user, Perm.SUPERVISE_LEADS)


@never_cache
@require_GET
@requires(Perm.VIEW_REPORTS)
def reports(request: HttpRequest) -> HttpResponse:
    """Funnel, speed to lead, sources, counsellors, levels, languages, trends for a period."""
    form = RangeForm(request.GET or None)
    start, end = form.period()
    report = selectors.report(start=start, end=end, name_counsellors=_names(request))
    query = f"range=custom&start={start.isoformat()}&end={end.isoformat()}"
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "reporting/reports.html",
        {"form": form, "report": report, "csv_query": query},
        status=status,
    )


@never_cache
@require_GET
@requires(Perm.VIEW_REPORTS)
def report_csv(request: HttpRequest, table: str) -> HttpResponse:
    """One table of the page as CSV, for the same period."""
    form = RangeForm(request.GET or None)
    start, end = form.period()
    found = selectors.report(start=start, end=end, name_counsellors=_names(request))
    found = found.table(table)
    if found is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="doorway-{table}-{start.isoformat()}-{end.isoformat()}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(found.columns)
    writer.writerows(found.rows)
    return response
