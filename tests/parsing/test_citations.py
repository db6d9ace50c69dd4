import pytest

from speeches.parsing.citations import cited_documents, cited_resolutions, plausible_resolution


def numbers(text):
    return [(c.number, c.year) for c in cited_resolutions(text)]


@pytest.mark.parametrize(
    "text, cited",
    [
        ("We recall resolution 1325 (2000) today.", [(1325, 2000)]),
        ("Resolutions 2170 (2014) and 2253 (2015), which make it illegal", [(2170, 2014), (2253, 2015)]),
        (
            "resolutions 1325 (2000), 1820 (2008), 1888 (2009) and 2467 (2019)",
            [(1325, 2000), (1820, 2008), (1888, 2009), (2467, 2019)],
        ),
        (
            "all relevant Security Council resolutions, including 1325 (2000) and subsequent ones.",
            [(1325, 2000)],
        ),
        ("as set out in S/RES/2334 (2016).", [(2334, 2016)]),
        ("under resolution 2505(2020)", [(2505, 2020)]),
        # Numbers in other senses are not citations.
        ("Some 1,325 people were displaced in 2000 (2001 figures).", []),
        ("In 1820 (2008 prices) the resolution was never mentioned.", []),
        ("Paragraph 12 (2015) of the resolution says", []),
        ("The report counts 1325 (2000) cases.", []),
    ],
)
def test_cited_resolutions(text, cited):
    assert numbers(text) == cited


def test_citation_keeps_the_sentence_that_cites():
    text = "We thank Mr. Ban. The Council adopted resolution 2334 (2016) last year. Nothing else."
    [citation] = cited_resolutions(text)
    assert citation.sentence == "The Council adopted resolution 2334 (2016) last year."
    assert citation.symbol == "S/RES/2334 (2016)"


def test_plausible_resolution_knows_when_numbers_were_adopted():
    assert plausible_resolution(1325, 2000)
    assert plausible_resolution(1, 1946)
    assert not plausible_resolution(1325, 2015)
    assert not plausible_resolution(12, 2015)


def test_cited_documents():
    text = (
        "the report (S/2015/432, annex), S/PRST/2016/9, the letter 8/2014/189 (an OCR slip), "
        "S/2014/136/Add.1, see S/PV.5100 (Resumption 1) and S/PV.8585, A/RES/60/1 and A/70/95, "
        "but not S/RES/2334 (2016), XS/2019/1 or 1/2/2019."
    )
    assert cited_documents(text) == [
        "S/2015/432",
        "S/PRST/2016/9",
        "S/2014/189",
        "S/2014/136/Add.1",
        "S/PV.5100 (Resumption 1)",
        "S/PV.8585",
        "A/RES/60/1",
        "A/70/95",
    ]
