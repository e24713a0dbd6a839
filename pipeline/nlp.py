"""spaCy glue: thin factories around the pure functions in sentences, drugs, trials and entities.

The pipeline is built from `config/pipeline.cfg`. Results live in `doc.spans["trialsift"]`
(overlaps are safe there) and, with exact character offsets, in `doc._.trialsift_entities`.
"""

from __future__ import annotations

import logging
import re
import warnings
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from pipeline.drugs import DrugMention
from pipeline.entities import extract_entities
from pipeline.records import Entity
from pipeline.sentences import sentence_spans

logger = logging.getLogger(__name__)

SPAN_KEY = "trialsift"
BUNDLED_NER = Path(__file__).parent / "models" / "ner_bc5cdr_chem"
# Company codes the lexicons may not know yet: letters, optional hyphen, digits ("DS-8201a", "SYD985").
_CODE = re.compile(r"(?<![A-Za-z0-9-])[A-Z]{1,5}-?[A-Z]?\d{2,6}[a-z]?(?![A-Za-z0-9-])")
_NOT_CODES = re.compile(
    r"^(?:NCT|HER|CD|ER|PR|PD|CTLA|IL|BRCA|EGFR|COVID|ISRCTN|UMIN|ACTRN|CYP|HLA|T\d|G\d|N\d|M\d)"
)

# The NER reads at most this many characters of a document (its sentences that hold a code-like
# word, in text order). The 2,231 PMC texts hold at most 28,255 such characters (median 0), but a
# flattened table of codes would make the NER, the dearest step, read all of it: 400 KB took 8 s.
# Codes beyond the budget are still found when a lexicon knows them.
NER_BUDGET_CHARS = 50_000

if not Doc.has_extension("trialsift_entities"):
    Doc.set_extension("trialsift_entities", default=None)


@registry.tokenizers("trialsift.scispacy_tokenizer.v1")
def scispacy_tokenizer() -> Callable[[Language], Any]:
    def create(nlp: Language) -> Any:
        from scispacy.custom_tokenizer import combined_rule_tokenizer

        # scispaCy derives its rules from the language's default tokenizer, which does not
        # exist yet while the pipeline is being built.
        nlp.tokenizer = registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
        # scispaCy's suffix rules hold a character class that Python warns may one day read as a
        # set union; the regex is scispaCy's, and the warning on every run told users nothing.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Possible set union", FutureWarning)
            return combined_rule_tokenizer(nlp)

    return create


def _text(doc: Doc) -> str:
    """The document's text, built once: `Doc.text` re-joins every token on each access."""
    if "trialsift_text" not in doc.user_data:
        doc.user_data["trialsift_text"] = doc.text
    return doc.user_data["trialsift_text"]


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    if "trialsift_sentences" not in doc.user_data:
        doc.user_data["trialsift_sentences"] = sentence_spans(_text(doc))
    return doc.user_data["trialsift_sentences"]


class SentenceSplitter:
    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # One array write: setting token.is_sent_start token by token costs ~10x the tokenizer.
        token_starts = doc.to_array([IDX]).tolist()
        flags = numpy.full(len(doc), -1, dtype="int64")  # -1: not a start; viewed as uint64 below
        for start, _ in _sentences(doc):
            flags[max(0, bisect_right(token_starts, start) - 1)] = 1
        flags[0] = 1
        doc.from_array([SENT_START], flags.view("uint64"))
        return doc


@Language.factory("trialsift_sentences")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()


class EntityRecognizer:
    def __init__(self, ner_model: str, ner_scope: str) -> None:
        if ner_scope not in ("candidates", "all"):
            raise ValueError(f"ner_scope must be 'candidates' or 'all', not {ner_scope!r}")
        self.ner_model = ner_model
        self.ner_scope = ner_scope

    def __call__(self, doc: Doc) -> Doc:
        entities = self.entities_in(doc.user_data.get("doc_id", ""), _text(doc), _sentences(doc))
        doc._.trialsift_entities = entities
        spans = []
        for entity in entities:
            span = doc.char_span(
                entity.char_start, entity.char_end, label=entity.label, alignment_mode="expand"
            )
            if span is not None:
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc

    def entities_in(self, doc_id: str, text: str, sentences: list[tuple[int, int]]) -> list[Entity]:
        """The component's work on plain text: the extractors read characters, not tokens."""
        return extract_entities(doc_id, text, extra_drugs=self._ner_drugs(doc_id, text, sentences))

    def _ner_drugs(self, doc_id: str, text: str, sentences: list[tuple[int, int]]) -> list[DrugMention]:
        ner = chemical_ner(self.ner_model)
        if ner is None:
            return []
        if self.ner_scope == "candidates":
            sentences = [
                (s, e) for s, e in sentences if any(_is_code(m.group()) for m in _CODE.finditer(text, s, e))
            ]
        sentences = _within_budget(doc_id, text, sentences)
        found = []
        for (start, _), parsed in zip(sentences, ner.pipe(text[s:e] for s, e in sentences), strict=True):
            for ent in parsed.ents:
                if ent.label_.upper() == "CHEMICAL" and _CODE.fullmatch(ent.text) and _is_code(ent.text):
                    begin = start + ent.start_char
                    found.append(DrugMention(begin, begin + len(ent.text), ent.text, ent.text, "ner"))
        return found


def _within_budget(doc_id: str, text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences, in order, up to `NER_BUDGET_CHARS`; the one that crosses it is cut at a space."""
    kept: list[tuple[int, int]] = []
    budget = NER_BUDGET_CHARS
    for start, end in sentences:
        if end - start > budget:
            cut = text.rfind(" ", start, start + budget)
            if cut > start:
                kept.append((start, cut))
            logger.warning(
                "%s: the chemical NER read only the first %d characters of its candidate sentences; "
                "drug codes after that are found by the lexicons only",
                doc_id,
                NER_BUDGET_CHARS,
            )
            break
        kept.append((start, end))
        budget -= end - start
    return kept


def _is_code(text: str) -> bool:
    return not _NOT_CODES.match(text)


@Language.factory("trialsift_entities", default_config={"ner_model": "bundled", "ner_scope": "candidates"})
def make_entity_recognizer(nlp: Language, name: str, ner_model: str, ner_scope: str) -> EntityRecognizer:
    return EntityRecognizer(ner_model, ner_scope)


@cache
def chemical_ner(name: str) -> Language | None:
    """The chemical NER named in the config; a missing optional model falls back, never fails."""
    if name == "none":
        return None
    if name != "bundled":
        if spacy.util.is_package(name) or Path(name).exists():
            return spacy.load(name, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
        logger.warning("NER model %r is not installed; using the bundled BC5CDR model instead", name)
    if not BUNDLED_NER.exists():
        logger.warning("the bundled NER model is missing from %s; running without NER", BUNDLED_NER)
        return None
    return spacy.load(BUNDLED_NER)


def pipeline_config() -> str:
    return resources.files("pipeline").joinpath("config", "pipeline.cfg").read_text(encoding="utf-8")


def load_pipeline(overrides: dict[str, Any] | None = None) -> Language:
    """Build the pipeline from the packaged config (no download, no weights of its own)."""
    config = spacy.util.load_config_from_str(pipeline_config(), overrides=overrides or {})
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)


@cache
def shared_pipeline() -> Language:
    return load_pipeline()


def document_entities(nlp: Language, doc_id: str, texts: Iterable[str]) -> list[Entity]:
    """Entities of whole documents, as the pipeline's `trialsift_entities` component finds them.

    A batch needs no Doc: the extractors read characters, and tokenizing every document with
    scispaCy's tokenizer would cost as much again as the extraction itself. The component (and
    so its configured NER) is the one in `nlp`.
    """
    recognizer = nlp.get_pipe("trialsift_entities")
    entities: list[Entity] = []
    for text in texts:
        found = recognizer.entities_in(doc_id, text, sentence_spans(text))
        entities.extend(replace(e, doc_id=doc_id) for e in found)
    return entities
