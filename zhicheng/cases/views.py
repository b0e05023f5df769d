from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render


@login_required
def queue(request, org_id: int):
    membership = request.user.active_memberships().filter(organisation_id=org_id).first()
    if membership is None:
        raise Http404
    return render(
        request,
        "common/placeholder.html",
        {"title": f"{membership.organisation.name} · 待审核", "text": "本单位的待审核业务将在此列出。"},
    )
