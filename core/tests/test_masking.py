from core.masking import mask_id_number, mask_name, mask_phone


def test_it_masks_phone_numbers():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "*****"


def test_it_masks_id_numbers():
    assert mask_id_number("33032419500101001X") == "330324********001X"
    assert mask_id_number("123") == "***"


def test_it_masks_names():
    assert mask_name("张三丰") == "张**"
