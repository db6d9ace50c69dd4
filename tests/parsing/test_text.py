import io

import pytest

from speeches.parsing.text import NotText, decode, paragraphs, rejoin_hyphenated, text_lines, word_count


def test_decode_strips_utf8_bom_and_normalises_crlf():
    assert decode("\ufeffThe President: Good\r\nmorning.\r\n".encode()) == "The President: Good\nmorning.\n"


def test_decode_reads_cp1252_bytes_as_the_2020_files_use_them():
    assert (
        decode(b"the Council\x92s provisional rules \x97 today") == "the Council’s provisional rules — today"
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "is empty"),
        (b"  \r\n\n ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(1, 32)) * 40, "binary file"),
    ],
)
def test_decode_refuses_empty_and_binary_data(data, message):
    with pytest.raises(NotText, match=message):
        decode(data)


@pytest.mark.parametrize(
    "wrapped, joined",
    [
        ("the United Nations zero-\ntolerance policy", "the United Nations zero-tolerance policy"),
        ("in my coun-\ntry", "in my country"),
        ("the Secretary-\nGeneral said", "the Secretary-General said"),
        ("the peace-\nkeeping operation", "the peacekeeping operation"),
        ("the counter-\nterrorism committee", "the counter-terrorism committee"),
        ("since COVID-\n19 began", "since COVID-19 began"),
        # One-line files keep the break as "- ": the same rules apply.
        ("Special Representative Hennis- Plasschaert", "Special Representative Hennis-Plasschaert"),
        ("inter- national law", "international law"),
        # A suspended hyphen is not a broken word.
        ("pre- and post-conflict", "pre- and post-conflict"),
        ("a well-known fact", "a well-known fact"),
    ],
)
def test_rejoin_hyphenated(wrapped, joined):
    assert rejoin_hyphenated(wrapped) == joined


def test_paragraphs_joins_hard_wraps_and_keeps_blank_line_breaks():
    text = "Kazakhstan\ncommends the French\npresidency.\n\n  Today, conflict-related\nsexual violence must be\n\n\n"
    assert paragraphs(text) == [
        "Kazakhstan commends the French presidency.",
        "Today, conflict-related sexual violence must be",
    ]


def test_paragraphs_of_a_one_line_file_is_one_paragraph():
    assert paragraphs("I thank Mr. Chambas.   I now give the floor.\r\n".replace("\r\n", "\n")) == [
        "I thank Mr. Chambas. I now give the floor."
    ]


def test_word_count_counts_words_between_spaces():
    assert word_count("The zero-tolerance policy, in 2016 — all of it.") == 9


# A stream is checked on its first 64 kB, cut at a line end, and decoded as a whole.
STREAMS = {
    "a character across the 64 kB mark": (
        "x" * 65535 + "é\n" + "Türkiye and Côte d’Ivoire\r\n" * 3000
    ).encode(),
    "a character cut where cp1252 has no such byte": ("x" * 65534 + "\u2350 APL\n" + "y\n" * 10).encode(),
    "cp1252 only after 64 kB": ("a" * 70000 + "\n").encode() + b"the Council\x92s rules \x97 today\r\n",
    "a byte-order mark": b"\xef\xbb\xbfspeaker\tcountry\r\nMr. \xc3\x87elik\tT\xc3\xbcrkiye\r",
    "short, old Mac line ends": b"one\rtwo\rthree",
}


@pytest.mark.parametrize("data", STREAMS.values(), ids=STREAMS.keys())
def test_text_lines_read_a_stream_as_decode_reads_it_whole(data):
    lines = list(text_lines(io.BytesIO(data)))
    assert "".join(lines) == decode(data)
    assert all(line.endswith("\n") for line in lines[:-1])


@pytest.mark.parametrize(
    "data, message",
    [
        (b"ok\n" * 30000 + b"\x81 and more", "neither UTF-8 nor cp1252 text \\(byte 0x81 at offset 90000\\)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"  \r\n\n ", "is empty"),
    ],
)
def test_text_lines_refuse_what_decode_refuses(data, message):
    with pytest.raises(NotText, match=message):
        decode(data)
    with pytest.raises(NotText, match=message):
        next(text_lines(io.BytesIO(data)))


def test_text_lines_leave_the_stream_open():
    stream = io.BytesIO(b"header\nrow\n")
    lines = text_lines(stream)
    assert next(lines) == "header\n"
    lines.close()
    assert not stream.closed  # read_header() goes back to the start, read_table() reads on
    stream.seek(0)
    assert stream.read() == b"header\nrow\n"
