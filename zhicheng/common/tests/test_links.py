"""Notification texts showed the 公示 page's address as plain text (a newcomer's walk): addresses of this site
are links to their path; the rest of the text, and every other address, stays escaped text."""

from __future__ import annotations

from django.test import override_settings

from zhicheng.common.links import link_site_addresses

BASE = "https://zc.example.gov.cn"


@override_settings(DEFAULT_PUBLIC_BASE_URL=BASE)
def test_this_sites_address_is_a_link_to_its_path():
    html = link_site_addresses(f"公示名单中有您，公示页面：{BASE}/evaluation/notices/5/。")
    assert html == (f'公示名单中有您，公示页面：<a href="/evaluation/notices/5/">{BASE}/evaluation/notices/5/</a>。')


@override_settings(DEFAULT_PUBLIC_BASE_URL=BASE)
def test_a_path_of_this_site_is_a_link_and_a_full_stop_is_not_part_of_it():
    assert (
        link_site_addresses("请查看 /evaluation/mine/.") == '请查看 <a href="/evaluation/mine/">/evaluation/mine/</a>.'
    )


@override_settings(DEFAULT_PUBLIC_BASE_URL=BASE)
def test_other_hosts_unknown_paths_and_markup_stay_text():
    text = (
        "<script>alert(1)</script> https://evil.example.com/evaluation/notices/5/ /no-such-page/ //evil.example.com/x"
    )
    html = link_site_addresses(text)
    assert "<a " not in html and "<script>" not in html and "&lt;script&gt;" in html


@override_settings(DEFAULT_PUBLIC_BASE_URL=BASE)
def test_an_address_with_a_quote_cannot_leave_the_attribute():
    html = link_site_addresses(f'{BASE}/evaluation/notices/5/?a="onmouseover=x')
    assert html.endswith('</a>&quot;onmouseover=x')  # the quote ends the address and is escaped text


@override_settings(DEFAULT_PUBLIC_BASE_URL=BASE)
def test_the_workbench_shows_a_notifications_address_as_a_link(cast, client):
    from django.urls import reverse

    from zhicheng.cases.models import Notification

    Notification.objects.create(user=cast["applicant_a"], title="公示名单中有您",
                                body=f"公示页面：{BASE}/evaluation/notices/5/")
    client.force_login(cast["applicant_a"])
    page = client.get(reverse("profiles:dashboard")).content.decode()
    assert f'<a href="/evaluation/notices/5/">{BASE}/evaluation/notices/5/</a>' in page
