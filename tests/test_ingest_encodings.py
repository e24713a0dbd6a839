"""Which encoding a text file is read in: UTF-8 first, then the Western encodings, decided over
the whole file, on European text as papers and their translations write it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import MAX_DETAIL_CHARS, DocumentError, NotTextError
from pipeline.ingest import ingest_file
from pipeline.ingest.text import MIXED_ENCODING
from pipeline.records import DocumentErrorRow

# (language, the encoding its file is saved in, the text)
EUROPEAN = [
    (
        "fr",
        "latin-1",
        "Chez les patientes atteintes d'un cancer du sein HER2-positif, la médiane de survie sans "
        "progression était de 7,8 mois. Les effets indésirables les plus fréquents étaient la diarrhée, "
        "les nausées et la fatigue ; aucune toxicité cardiaque sévère n'a été observée à l'hôpital "
        "Pitié-Salpêtrière, où l'étude a été menée.",
    ),
    (
        "it",
        "latin-1",
        "Nelle pazienti con metastasi cerebrali la risposta obiettiva è stata del 47,3%; la sopravvivenza "
        "globale mediana non è stata raggiunta. È necessario un follow-up più lungo perché l'efficacia "
        "della terapia sia confermata.",
    ),
    (
        "es",
        "latin-1",
        "En las pacientes con metástasis cerebrales tratadas en España, la tasa de respuesta fue del "
        "47,3 % y la mediana de supervivencia libre de progresión alcanzó 7,8 meses. Los efectos adversos "
        "más frecuentes fueron diarrea, náuseas y fatiga; ningún paciente abandonó el ensayo.",
    ),
    (
        "pt",
        "latin-1",
        "Nas pacientes com metástases cerebrais, a taxa de resposta foi de 47,3% e a sobrevida mediana "
        "livre de progressão atingiu 7,8 meses. As reações adversas mais comuns foram diarréia, náuseas "
        "e fadiga; não houve interrupção do tratamento por toxicidade.",
    ),
    (
        "de",
        "cp1252",
        "Bei Patientinnen mit Hirnmetastasen betrug die Ansprechrate 47,3 % – die mediane "
        "Überlebenszeit wurde nicht erreicht. Häufige Nebenwirkungen waren Übelkeit, Müdigkeit und "
        "Durchfall; größere Studien müssen die „Ergebnisse“ bestätigen.",
    ),
    (
        "cs",
        "cp1250",
        "U pacientek s mozkovými metastázami činila míra odpovědi 47,3 % a medián přežití bez progrese "
        "dosáhl 7,8 měsíce. Nejčastějšími nežádoucími účinky byly průjem, nevolnost a únava; žádná "
        "pacientka neukončila léčbu kvůli toxicitě.",
    ),
    (
        "pl",
        "cp1250",
        "U pacjentek z przerzutami do mózgu odsetek odpowiedzi wyniósł 47,3%, a mediana przeżycia wolnego "
        "od progresji osiągnęła 7,8 miesiąca. Najczęstszymi działaniami niepożądanymi były biegunka, "
        "nudności i zmęczenie; żadna pacjentka nie przerwała leczenia z powodu toksyczności.",
    ),
    (
        "ru",
        "cp1251",
        "У пациенток с метастазами в головной мозг частота объективного ответа составила 47,3 %, а "
        "медиана выживаемости без прогрессирования достигла 7,8 месяца. Наиболее частыми нежелательными "
        "явлениями были диарея, тошнота и утомляемость.",
    ),
]


def _paragraphs(text: str, count: int) -> str:
    return "\n\n".join([text] * count) + "\n"


def _as_utf8(tmp_path: Path, content: str) -> str:
    reference = tmp_path / "reference.txt"
    reference.write_text(content, encoding="utf-8")
    return ingest_file(reference).text


@pytest.mark.parametrize(("language", "encoding", "text"), EUROPEAN, ids=[e[0] for e in EUROPEAN])
@pytest.mark.parametrize("paragraphs", [1, 30])
def test_european_text_reads_as_written(
    tmp_path: Path, language: str, encoding: str, text: str, paragraphs: int
) -> None:
    content = _paragraphs(text, paragraphs)
    path = tmp_path / f"{language}.txt"
    path.write_bytes(content.encode(encoding))
    document = ingest_file(path)
    assert document.text == _as_utf8(tmp_path, content)
    # Offsets still point at the word's bytes in the file.
    word = max(text.split(), key=lambda w: sum(not c.isascii() for c in w))
    start = document.text.index(word)
    s, e = document.to_source(start, start + len(word))
    assert path.read_bytes()[s:e] == word.encode(encoding)


def test_latin1_is_not_read_as_central_european(tmp_path: Path) -> None:
    path = tmp_path / "accents.txt"
    path.write_bytes("La risposta è stata del 47,3% in España; très bien tolérée.\n".encode("latin-1"))
    document = ingest_file(path)
    assert "è stata" in document.text and "España" in document.text
    assert document.encoding in ("cp1252", "latin-1")


def test_a_utf8_file_with_a_latin1_tail_reads_both_parts(tmp_path: Path) -> None:
    """A UTF-8 file for its first megabyte, then Latin-1 (two files joined): each part is read in
    its own encoding, and offsets point at the right bytes in both."""
    head = _paragraphs("Le taux de réponse était de 47,3 % ; la médiane n'a pas été atteinte.", 16_000)
    tail = _paragraphs("Durée médiane de réponse : 12,5 mois chez les patientes traitées à Créteil.", 40)
    raw = head.encode("utf-8") + tail.encode("latin-1")
    assert len(head.encode("utf-8")) > 1_000_000
    path = tmp_path / "joined.txt"
    path.write_bytes(raw)
    document = ingest_file(path)
    assert document.encoding == MIXED_ENCODING
    assert document.text == _as_utf8(tmp_path, head + tail)
    for needle, encoding in (("réponse était", "utf-8"), ("traitées à Créteil", "latin-1")):
        start = document.text.rindex(needle)
        s, e = document.to_source(start, start + len(needle))
        assert raw[s:e] == needle.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    content = _paragraphs("Objective response rate was 47.3% in the café cohort (Pérez-García).", 20)
    path = tmp_path / "wide.txt"
    path.write_bytes(content.encode(encoding))
    document = ingest_file(path)
    assert document.text == _as_utf8(tmp_path, content)
    start = document.text.index("café")
    s, e = document.to_source(start, start + 4)
    assert path.read_bytes()[s:e] == "café".encode(encoding)


def test_damaged_utf16_is_named_utf16(tmp_path: Path) -> None:
    raw = _paragraphs("Objective response rate was 47.3%.", 20).encode("utf-16-le")
    path = tmp_path / "damaged.txt"
    path.write_bytes(raw[:200] + "\ud800".encode("utf-16-le", "surrogatepass") + b"A\x00" + raw[200:])
    with pytest.raises(NotTextError) as caught:
        ingest_file(path)
    assert "UTF-16" in caught.value.message and "damaged.txt" in str(caught.value)


def test_error_details_are_bounded() -> None:
    huge = repr(UnicodeDecodeError("utf-8", b"\xe8" * 1_000_000, 0, 1, "invalid continuation byte"))
    assert len(DocumentErrorRow("d", "d.txt", "ingest", "message", huge).detail) == MAX_DETAIL_CHARS
    assert len(DocumentError("d.txt", "message", huge).detail) == MAX_DETAIL_CHARS
    assert DocumentErrorRow("d", "d.txt", "ingest", "message", "short").detail == "short"
