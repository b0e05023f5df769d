from django.shortcuts import render


def verify(request):
    return render(
        request,
        "common/placeholder.html",
        {"title": "证书查询", "text": "凭证书编号和持证人姓名核验职称证书。本功能即将开放。"},
    )
