"""Accessibility metadata: an EPUB's package says how it can be read (schema.org properties that Ace
and reading systems look for), with values from the vocabulary; a PDF is tagged."""
from __future__ import annotations

from typing import Iterator

from ..readers.model import Publication
from ..report import Finding, Severity
from .rules import Rule

E, W = Severity.ERROR, Severity.WARNING
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


def _rule(code: str, severity: Severity, prop: str, example: str) -> Rule:
    return Rule(code, severity, f"The EPUB's package does not declare {prop}.",
                f"Add <meta property=\"{prop}\">{example}</meta> to the package metadata.")


# property -> (rule when absent, allowed values or None for free text)
REQUIRED = {
    "schema:accessMode": (_rule("meta-access-mode-missing", E, "schema:accessMode", "textual"), ACCESS_MODES),
    "schema:accessibilityFeature": (_rule("meta-feature-missing", E, "schema:accessibilityFeature",
                                          "structuralNavigation"), FEATURES),
    "schema:accessibilityHazard": (_rule("meta-hazard-missing", E, "schema:accessibilityHazard", "none"), HAZARDS),
    "schema:accessibilitySummary": (_rule("meta-summary-missing", E, "schema:accessibilitySummary",
                                          "How the book is accessible, in a sentence or two."), None),
    "schema:accessModeSufficient": (_rule("meta-sufficient-missing", E, "schema:accessModeSufficient",
                                          "textual"), SUFFICIENT),
}
CONFORMANCE = _rule("meta-conformance-missing", W, "dcterms:conformsTo",
                    "EPUB Accessibility 1.1 - WCAG 2.2 Level AA")
INVALID = Rule("meta-invalid", E, "An accessibility metadata value is not in its vocabulary.",
               "Use a value from schema.org's vocabulary for that property (e.g. textual, visual; none).")
UNTAGGED = Rule("meta-untagged", E, "The PDF is not tagged.",
                "Export a tagged PDF (PDF/UA), so that screen readers get its headings, figures and reading order.")
RULES = [*(rule for rule, _ in REQUIRED.values()), CONFORMANCE, INVALID, UNTAGGED]


def check(publication: Publication) -> Iterator[Finding]:
    if publication.format == "pdf" and publication.tagged is False:
        yield UNTAGGED.finding(publication.name, None)
    if publication.format != "epub":
        return
    where = publication.where
    present = {m.property for m in publication.metadata if m.value}
    for prop, (rule, _) in REQUIRED.items():
        if prop not in present:
            yield rule.finding(where, publication.metadata_line)
    if "dcterms:conformsTo" not in present:
        yield CONFORMANCE.finding(where, publication.metadata_line)
    for meta in publication.metadata:
        allowed = REQUIRED.get(meta.property, (None, None))[1]
        if allowed is None:
            continue
        values = [v.strip() for v in meta.value.split(",")] if meta.property == "schema:accessModeSufficient" \
            else [meta.value]
        for value in values:
            if value not in allowed:
                yield INVALID.finding(where, meta.line, f"'{value}' is not a value of {meta.property}.")
