"""Downloads of council data: spreadsheet cells that cannot run, files no cache keeps."""

from core.downloads import Column, attachment, csv_bytes, dictionary_rows, spreadsheet_safe


def test_csv_safe_neutralises_formulas_only_in_text():
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("+44") == "'+44"
    assert spreadsheet_safe("-x") == "'-x"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe(-3.5) == -3.5
    assert spreadsheet_safe(None) == ""
    assert spreadsheet_safe("Plain") == "Plain"


def test_an_attachment_is_private_and_never_stored():
    response = attachment(b"a,b\n", content_type="text/csv", filename="x.csv")
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_csv_starts_with_a_byte_order_mark_and_keeps_formulas_as_text():
    content = csv_bytes(["Council", "Evidence note"], [["Bournemouth, Christchurch", "=1+1"]])
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig") == (
        'Council,Evidence note\r\n"Bournemouth, Christchurch",\'=1+1\r\n'
    )


def test_the_data_dictionary_has_a_row_per_column():
    columns = [Column("Overall score (%)", "overall", "Out of 100.")]
    assert dictionary_rows(columns) == [["Overall score (%)", "overall", "Out of 100."]]
