"""The public verifies a certificate; the QR link opens it; the holder downloads a real-looking PDF."""

import subprocess
from pathlib import Path

import pytest

from conftest import login_in_browser

pytestmark = pytest.mark.browser


@pytest.fixture
def certificate(world):
    from tests.world.certificates import certificates_load
    from zhicheng.certificates.models import Certificate

    certificates_load()
    return Certificate.objects.get(holder=world["applicant_c"])


def test_public_verifies_by_number_and_name(page, live_url, certificate, world, screenshot_dir):
    page.goto(live_url + "/")
    page.get_by_role("link", name="证书查询").first.click()
    page.fill("input[name=number]", certificate.number)
    page.fill("input[name=holder_name]", "王建国")
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("#verify-result")
    assert page.inner_text("#verify-status") == "有效"
    assert page.inner_text("#verify-id") == world["applicant_c"].masked_id_number
    body = page.inner_text("main")
    assert "助理工程师" in body and "河源市人力资源和社会保障局" in body and "2019年12月20日" in body
    assert world["applicant_c"].id_number not in page.content()
    page.screenshot(path=f"{screenshot_dir}/certificate-verify.png", full_page=True)

    # A typing mistake: the message stands beside the field and the input is kept.
    page.fill("input[name=number]", certificate.number[:-1] + ("1" if certificate.number[-1] != "1" else "2"))
    page.get_by_role("button", name="查询").click()
    assert "校验位不正确" in page.inner_text("#id_number_error")
    assert page.input_value("input[name=holder_name]") == "王建国"
    page.screenshot(path=f"{screenshot_dir}/certificate-verify-error.png", full_page=True)


def test_qr_link_opens_the_verification(page, live_url, certificate, screenshot_dir):
    from zhicheng.certificates.tokens import verification_url

    path = verification_url(certificate).split("/certificates/", 1)[1]
    page.set_viewport_size({"width": 390, "height": 844})  # scanned with a phone
    page.goto(f"{live_url}/certificates/{path}")
    assert page.inner_text("#verify-status") == "有效"
    assert certificate.number in page.inner_text("#verify-result")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{screenshot_dir}/certificate-qr-phone.png", full_page=True)
    # The QR page shows only its certificate; the look-up form is one tap away.
    assert page.locator("form[action$='/certificates/verify/']").count() == 0
    page.click("#verify-other")
    page.wait_for_selector("input[name=number]")
    assert page.url.endswith("/certificates/verify/")


def test_holder_downloads_the_e_certificate(page, live_url, certificate, world, screenshot_dir):
    login_in_browser(page, live_url, world["applicant_c"])
    page.goto(f"{live_url}/certificates/mine/")
    assert certificate.number in page.inner_text("main")
    page.screenshot(path=f"{screenshot_dir}/certificate-mine.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="下载电子证书（PDF）").click()
    pdf_path = Path(screenshot_dir) / "e-certificate.pdf"
    info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf_path), str(pdf_path.with_suffix(""))], check=True
    )
    png = pdf_path.with_suffix(".png")
    assert png.stat().st_size > 50_000  # a drawn page, not a blank one
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], check=True, capture_output=True, text=True).stdout
    assert "王建国" in text and certificate.number in text
