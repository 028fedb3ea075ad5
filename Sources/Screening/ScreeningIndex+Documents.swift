extension ScreeningIndex {
    /// Screens a travel document against lost/stolen document alerts (and any alert listing it).
    ///
    /// Same number and issuing state: 1.0. Same number, state unknown on one side: 0.9. Numbers equal
    /// only after OCR folding (`O`/`0`, `I`/`1`, ...) and same or unknown state: 0.8, a weaker hit the
    /// officer checks by eye. Same number of another state: 0.5 (reported only below the default threshold).
    public func screen(document: DocumentReference, threshold: Double? = nil, suppressed: (String) -> Bool = { _ in false }) -> [Hit] {
        let threshold = threshold ?? policy.threshold
        let number = DocumentReference.normalizedNumber(document.number)
        guard !number.isEmpty else { return [] }
        let folded = DocumentMatcher.ocrFolded(number)
        var candidates = Set(base.documents[number] ?? [])
        candidates.formUnion(base.documentsOCR[folded] ?? [])
        var alerts: [PreparedAlert] = candidates.sorted().compactMap { position in
            base.shadowed.contains(position) || delta.withdrawn.contains(position) ? nil : base.alerts[Int(position)]
        }
        alerts += delta.alerts.compactMap { $0 }.filter { alert in
            alert.documents.contains { DocumentMatcher.ocrFolded(DocumentReference.normalizedNumber($0.number)) == folded }
        }
        var hits: [Hit] = []
        for alert in alerts where !suppressed(alert.id) {
            var best: (Double, FieldMatch)?
            for listed in alert.documents {
                let listedNumber = DocumentReference.normalizedNumber(listed.number)
                let sameNumber = listedNumber == number
                guard sameNumber || DocumentMatcher.ocrFolded(listedNumber) == folded else { continue }
                let stateKnown = listed.issuingState != nil && document.issuingState != nil
                let sameState = NationalityCode.sameState(listed.issuingState, document.issuingState)
                let score: Double
                if sameNumber { score = sameState ? 1.0 : (stateKnown ? 0.5 : 0.9) } else { score = stateKnown && !sameState ? 0.4 : 0.8 }
                let field = FieldMatch(field: .documentNumber, how: sameNumber ? (sameState ? .exact : .different) : .ocrFolded,
                                       alertValue: (listed.issuingState ?? "") + " " + listedNumber,
                                       queryValue: (document.issuingState ?? "") + " " + number,
                                       similarity: score, contribution: score)
                if score > (best?.0 ?? 0) { best = (score, field) }
            }
            if let (score, field) = best, score >= threshold {
                hits.append(Hit(alertID: alert.id, category: alert.category, score: score, explanation: Explanation(fields: [field])))
            }
        }
        return hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.alertID < $1.alertID }
    }

    /// Screens a number plate against stolen-vehicle alerts: equal after ``PlateNormalizer`` (1.0, or
    /// 0.95 explained as "normalised" when the raw strings differ), or after OCR folding as well (0.8).
    public func screen(plate: String, threshold: Double? = nil, suppressed: (String) -> Bool = { _ in false }) -> [Hit] {
        let threshold = threshold ?? policy.threshold
        let normalized = PlateNormalizer.normalize(plate)
        guard !normalized.isEmpty else { return [] }
        let folded = DocumentMatcher.ocrFolded(normalized)
        var candidates = Set(base.plates[normalized] ?? [])
        candidates.formUnion(base.platesOCR[folded] ?? [])
        var alerts: [PreparedAlert] = candidates.sorted().compactMap { position in
            base.shadowed.contains(position) || delta.withdrawn.contains(position) ? nil : base.alerts[Int(position)]
        }
        alerts += delta.alerts.compactMap { $0 }.filter { alert in
            alert.plates.contains { DocumentMatcher.ocrFolded(PlateNormalizer.normalize($0)) == folded }
        }
        var hits: [Hit] = []
        for alert in alerts where !suppressed(alert.id) {
            var best: (Double, FieldMatch)?
            for listed in alert.plates {
                let listedNormalized = PlateNormalizer.normalize(listed)
                let score: Double, kind: MatchKind
                if listed == plate { (score, kind) = (1.0, .exact) }
                else if listedNormalized == normalized { (score, kind) = (0.95, .normalized) }
                else if DocumentMatcher.ocrFolded(listedNormalized) == folded { (score, kind) = (0.8, .ocrFolded) }
                else { continue }
                let field = FieldMatch(field: .plate, how: kind, alertValue: listedNormalized, queryValue: normalized,
                                       similarity: score, contribution: score)
                if score > (best?.0 ?? 0) { best = (score, field) }
            }
            if let (score, field) = best, score >= threshold {
                hits.append(Hit(alertID: alert.id, category: alert.category, score: score, explanation: Explanation(fields: [field])))
            }
        }
        return hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.alertID < $1.alertID }
    }
}
