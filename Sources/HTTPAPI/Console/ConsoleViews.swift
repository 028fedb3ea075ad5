import Foundation
import Services
import Store

/// View models for the templates (the contract is in Resources/console/*.mustache).
enum ConsoleViews {
    static func time(_ date: Date) -> String {
        let text = ISO8601DateFormatter().string(from: date)
        return String(text.dropFirst(11).prefix(5))
    }

    static func today() -> String { String(ISO8601DateFormatter().string(from: Date()).prefix(10)) }

    static let categoryLabels = [
        "entry_ban": "ENTRY BAN", "wanted_person": "WANTED", "missing_person": "MISSING",
        "lost_stolen_document": "LOST/STOLEN DOCUMENT", "stolen_vehicle": "STOLEN VEHICLE",
    ]

    /// The decision card of a check.
    static func card(_ result: CheckResult, csrf: String, canResolve: Bool) -> [String: Any] {
        let serious = result.hits.contains { $0.action != "inform" && $0.resolution != "false_positive" }
            || result.reasons.contains { $0.severity == "refusal" }
        let tone = result.recommendation == .clear ? "clear" : (serious ? "refuse" : "refer")
        let word = result.recommendation == .clear ? "CLEAR" : (serious ? "REFER — SERIOUS" : "REFER")
        let document = result.document
        var card: [String: Any] = [
            "id": result.id.uuidString.lowercased(), "csrf": csrf, "tone": tone, "statusWord": word,
            "statusHint": result.recommendation == .clear
                ? "No hits; document valid; stay authorised." : "Send the traveller to second line.",
            "checkedAt": time(result.createdAt) + " UTC", "pointName": result.pointCode,
            "directionLabel": result.direction == .entry ? "Entry" : "Exit",
            "traveller": [
                "name": [document.surname, document.givenNames].compactMap { $0 }.joined(separator: ", "),
                "nationality": document.nationality ?? "?",
                "nationalityName": "", "sex": document.sex ?? "", "birthDate": document.birthDate ?? "",
                "documentType": document.documentCode ?? "", "documentNumber": document.documentNumber ?? "",
                "issuer": document.issuingState ?? "", "documentExpiry": document.expiryDate ?? "",
                "documentExpired": result.reasons.contains { $0.code == "document-expired" },
            ].merging(result.personId.map { ["personId": $0.uuidString.lowercased()] } ?? [:]) { a, _ in a } as [String: Any],
            "hasMrzProblems": !document.problems.isEmpty,
            "mrzProblems": document.problems.map { ["field": $0.field, "line": $0.line ?? 0, "column": $0.column ?? 0, "message": $0.message] },
            "hasReasons": !result.reasons.isEmpty,
            "reasons": result.reasons.map { reason in
                [
                    "severity": reason.severity, "text": reason.text,
                    "severityLabel": ["info": "INFO", "attention": "CHECK", "refusal": "SERIOUS"][reason.severity] ?? reason.severity.uppercased(),
                ]
            },
            "hasHits": !result.hits.isEmpty, "hitCount": result.hits.count,
            "hits": result.hits.map { hit in
                [
                    "id": "\(result.id.uuidString.lowercased())~\(hit.alertId)", "category": hit.category,
                    "categoryLabel": categoryLabels[hit.category] ?? hit.category, "subject": hit.summary,
                    "score": String(format: "%.2f", hit.score), "source": Self.hitSource(hit),
                    "hasExplanations": !hit.explanation.isEmpty,
                    "explanations": hit.explanation.map {
                        ["field": $0.field, "how": $0.how, "contribution": String(format: "%+.2f", $0.contribution)]
                    },
                    "resolved": hit.resolution != nil,
                    "resolutionLabel": hit.resolution == "false_positive" ? "NOT THE SAME PERSON" : "CONFIRMED",
                    "canResolve": canResolve && hit.resolution == nil, "csrf": csrf,
                ].merging(hit.action.map { ["action": $0.uppercased()] } ?? [:]) { a, _ in a }
                    .merging(hit.reference.map { ["reference": $0] } ?? [:]) { a, _ in a } as [String: Any]
            },
        ]
        if let prescreen = result.prescreen { card["prescreen"] = ["text": prescreen.text] }
        if let stay = result.stay {
            var view: [String: Any] = [
                "basis": stay.basis, "hasBasis": stay.basis != "none" || stay.overstayDays > 0, "daysUsed": stay.daysUsed,
                "daysRemaining": stay.daysRemaining,
                "lowRemaining": stay.daysRemaining < 10, "overstayDays": stay.overstayDays > 0 ? stay.overstayDays as Any : false,
            ]
            if let latestExit = stay.latestExit { view["latestExit"] = latestExit }
            card["stay"] = view
        }
        return card
    }

    static func timelineEntry(_ entry: CheckService.TimelineEntry) -> [String: Any] {
        let labels = ["entry": "ENTRY", "exit": "EXIT", "refusal": "REFUSAL", "hit": "HIT", "visa": "VISA",
                      "residence_permit": "PERMIT", "protection": "PROTECTION"]
        return [
            "kind": entry.kind, "kindLabel": labels[entry.kind] ?? entry.kind.uppercased(),
            "date": String(entry.at.prefix(10)), "time": entry.at.count > 16 ? String(entry.at.dropFirst(11).prefix(5)) : "",
            "title": entry.text,
        ]
    }

    /// Bars of the chart: the ten largest groups, widths relative to the largest.
    static func bars(_ labels: [String]) -> [[String: Any]] {
        let counts = Dictionary(labels.map { ($0, 1) }, uniquingKeysWith: +).sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10)
        let top = Double(counts.first?.value ?? 1)
        return counts.map { ["label": $0.key, "value": $0.value, "widthPercent": String(format: "%.1f", Double($0.value) / top * 100)] }
    }
}

extension ConsoleViews {
    /// Who issued the alert and why ("UA-SMS · Entry ban for 5 years"), or its id when the store
    /// had neither.
    static func hitSource(_ hit: CheckHit) -> String {
        let parts = [hit.agency, hit.reason].compactMap { $0 }
        return parts.isEmpty ? "Alert \(hit.alertId)" : parts.joined(separator: " · ")
    }
}
