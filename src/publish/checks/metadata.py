"""Accessibility metadata: an EPUB's package says how it can be read (schema.org properties that Ace
and reading systems look for), with values from the vocabulary; a PDF is tagged."""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding
from .rules import rule

ACCESS_MODES = {"auditory", "chartOnVisual", "chemOnVisual", "colorDependent", "diagramOnVisual",
                "mathOnVisual", "musicOnVisual", "tactile", "textOnVisual", "textual", "visual"}
SUFFICIENT = {"auditory", "tactile", "textual", "visual"}
HAZARDS = {"flashing", "noFlashingHazard", "unknownFlashingHazard", "motionSimulation",
           "noMotionSimulationHazard", "unknownMotionSimulationHazard", "sound", "noSoundHazard",
           "unknownSoundHazard", "none", "unknown"}
FEATURES = {"alternativeText", "annotations", "ARIA", "audioDescription", "bookmarks", "braille", "captions",
            "ChemML", "closedCaptions", "describedMath", "displayTransformability", "fullRubyAnnotations",
            "highContrastAudio", "highContrastDisplay", "horizontalWriting", "index", "largePrint", "latex",
            "latex-chemistry", "longDescription", "MathML", "MathML-chemistry", "none", "openCaptions",
            "pageBreakMarkers", "pageNavigation", "printPageNumbers", "readingOrder", "rubyAnnotations",
            "signLanguage", "structuralNavigation", "synchronizedAudioText", "tableOfContents", "taggedPDF",
            "tactileGraphic", "tactileObject", "timingControl", "transcript", "ttsMarkup", "unknown",
            "unlocked", "verticalWriting", "withAdditionalWordSegmentation", "withoutAdditionalWordSegmentation"}


# property -> (rule when absent, allowed values or None for free text)
REQUIRED = {
    "schema:accessMode": (rule("meta-access-mode-missing"), ACCESS_MODES),
    "schema:accessibilityFeature": (rule("meta-feature-missing"), FEATURES),
    "schema:accessibilityHazard": (rule("meta-hazard-missing"), HAZARDS),
    "schema:accessibilitySummary": (rule("meta-summary-missing"), None),
    "schema:accessModeSufficient": (rule("meta-sufficient-missing"), SUFFICIENT),
}
CONFORMANCE = rule("meta-conformance-missing")
CONFORMANCE_INVALID = rule("meta-conformance-invalid")
INVALID = rule("meta-invalid")
UNTAGGED = rule("meta-untagged")
CODES = (*(r.code for r, _ in REQUIRED.values()), CONFORMANCE.code, CONFORMANCE_INVALID.code, INVALID.code,
         UNTAGGED.code)
# what dcterms:conformsTo may say (EPUB Accessibility 1.1 §4.1, and 1.0's URLs), as Ace by DAISY knows them
CONFORMS_TO = {f"EPUB Accessibility 1.1 - WCAG {version} Level {level}"
               for version in ("2.0", "2.1", "2.2") for level in ("A", "AA", "AAA")} | \
              {f"http://www.idpf.org/epub/a11y/accessibility-20170105.html#wcag-{level}" for level in ("a", "aa", "aaa")}


def check(publication: Publication) -> Iterator[Finding]:
    if publication.format == "pdf" and publication.tagged is False:
        yield UNTAGGED.finding(publication.name, None)
    if publication.format != "epub":
        return
    where = publication.where
    present = {m.property for m in publication.metadata if m.value}
    for prop, (missing, _) in REQUIRED.items():
        if prop not in present:
            yield missing.finding(where, publication.metadata_line)
    if "dcterms:conformsTo" not in present:
        yield CONFORMANCE.finding(where, publication.metadata_line)
    for meta in publication.metadata:
        if meta.property == "dcterms:conformsTo" and meta.value and meta.value not in CONFORMS_TO:
            yield CONFORMANCE_INVALID.finding(where, meta.line, f"'{meta.value[:80]}' is not a conformance "
                                                                "statement of EPUB Accessibility.")
        allowed = REQUIRED.get(meta.property, (None, None))[1]
        if allowed is None:
            continue
        values = [v.strip() for v in meta.value.split(",")] if meta.property == "schema:accessModeSufficient" \
            else [meta.value]
        for value in values:
            if value not in allowed:
                yield INVALID.finding(where, meta.line, f"'{value}' is not a value of {meta.property}.")
