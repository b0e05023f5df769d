import logging

from zhicheng.common.logging import MaskPersonalDataFilter, mask_text
from zhicheng.common.masking import mask_id_number, mask_phone


def test_masks():
    assert mask_id_number("44010519900101123X") == "440105********123X"
    assert mask_phone("13812345678") == "138****5678"


def test_log_filter_masks_numbers():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "user %s phone %s", ("44010519900101123X", "13812345678"), None
    )
    MaskPersonalDataFilter().filter(record)
    assert record.getMessage() == "user 440105********123X phone 138****5678"
    assert mask_text("no numbers here") == "no numbers here"


def test_certificate_numbers_are_not_mistaken_for_id_numbers():
    assert mask_text("证书 201944160040000010") == "证书 201944160040000010"
    assert mask_text("id 11010519491231002X") == "id 110105********002X"
