from django.shortcuts import render


def notices(request):
    return render(
        request,
        "common/placeholder.html",
        {"title": "评审结果公示", "text": "各评审委员会的评审通过人员名单将在此公示。目前没有正在公示的名单。"},
    )
