from speeches.parsing.normalize import fold, folded_terms, name_key


def test_fold_matches_what_the_database_folds():
    assert fold("Côte d’Ivoire, Türkiye, São Tomé, Łódź") == "Cote d’Ivoire, Turkiye, Sao Tome, Lodz"


def test_folded_terms_lists_each_accented_word_once_without_accents():
    text = "La Côte d’Ivoire et Türkiye.\n\n(São Tomé) — the Council’s Côte"
    assert folded_terms(text) == "Cote Sao Tome Turkiye"


def test_folded_terms_ignores_quotes_and_dashes():
    assert folded_terms("the Council’s work — “today”") == ""
    assert folded_terms("plain ASCII text") == ""


def test_name_key_ignores_case_accents_punctuation_and_a_leading_the():
    assert name_key("The Côte d’Ivoire") == name_key("COTE D'IVOIRE") == "cote divoire"
    assert name_key("United Kingdom of Great Britain & Northern Ireland") == (
        "united kingdom of great britain and northern ireland"
    )


def test_folded_terms_finds_letters_from_every_accented_range():
    # Latin-1 (é), Latin Extended-A (Ł, ź) and Extended-B (ș) letters; ß, ° and the
    # guillemets are not in the map, so "Straße" is kept only as written.
    assert folded_terms("in Iași — “Łódź”, 50° and «Straße» near Genève") == "Geneve Iasi Lodz"
