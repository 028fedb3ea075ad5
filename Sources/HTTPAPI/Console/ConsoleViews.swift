import Foundation
import Services
import Store

/// View models for the templates (the contract is in Resources/console/*.mustache).
enum ConsoleViews {
    /// Officers read Kyiv time; the store keeps UTC (issue 16 item 5).
    static let kyiv = TimeZone(identifier: "Europe/Kyiv") ?? TimeZone(secondsFromGMT: 7200) ?? .gmt

    /// `HH:mm` in Kyiv.
    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = kyiv
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// `dd.MM.yyyy HH:mm` in Kyiv, as officers write dates.
    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = kyiv
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d.%02d.%04d %02d:%02d", p.day ?? 0, p.month ?? 0, p.year ?? 0, p.hour ?? 0, p.minute ?? 0)
    }

    /// An ISO date (`2026-03-15`) as officers write it (`15.03.2026`); other text unchanged.
    static func day(_ iso: String?) -> String {
        guard let iso, iso.count == 10, iso.dropFirst(4).first == "-" else { return iso ?? "" }
        let parts = iso.split(separator: "-")
        return parts.count == 3 ? "\(parts[2]).\(parts[1]).\(parts[0])" : iso
    }

    static func today() -> String { String(ISO8601DateFormatter().string(from: Date()).prefix(10)) }

    /// What a matched field is, in an officer's words.
    static let fieldWords = [
        "surname": "Surname", "given_names": "Given names", "patronymic": "Patronymic", "birth_date": "Date of birth",
        "nationality": "Nationality", "sex": "Sex", "document_number": "Document number", "plate": "Number plate",
    ]

    /// How it matched, in an officer's words.
    static func howWords(_ how: String) -> String {
        let corroboration = ", corroborated"
        if how.hasSuffix(corroboration) {
            return howWords(String(how.dropLast(corroboration.count))) + " (read as a slip: the other fields agree)"
        }
        let words = [
            "exact": "the same", "transliteration variant": "the same name in another script or spelling",
            "spelling variant": "a usual other spelling", "name form": "a short or long form of the name",
            "truncated": "cut short on one side", "OCR-folded": "the same once scanner confusions (0/O, 1/I) are allowed",
            "normalised": "the same once spaces and punctuation are ignored", "unknown": "not given on one side",
            "different": "different", "missing": "missing on one side",
            "date exact": "the same date", "date same_year": "the same year (the alert gives the year only)",
            "date day_month_swapped": "day and month swapped", "date one_digit": "one digit differs",
        ]
        if let found = words[how] { return found }
        if how.hasPrefix("edit distance ") { return "\(how.dropFirst(14)) letter(s) differ" }
        if how.hasPrefix("date ") { return "date: " + how.dropFirst(5).replacingOccurrences(of: "_", with: " ") }
        return how.replacingOccurrences(of: "_", with: " ")
    }

    /// What the officer does on a hit, in words.
    static let actionWords = [
        "refuse": "Refuse entry", "arrest": "Arrest: call the duty officer; do not alert the person",
        "protect": "Protect: keep the person safe and call the duty officer", "inform": "Inform the issuing agency",
    ]

    static let categoryLabels = [
        "entry_ban": "ENTRY BAN", "wanted_person": "WANTED", "missing_person": "MISSING",
        "lost_stolen_document": "LOST/STOLEN DOCUMENT", "stolen_vehicle": "STOLEN VEHICLE",
    ]

    /// The decision card of a check.
    static func card(_ result: CheckResult, csrf: String, canResolve: Bool, text: ConsoleText = .init(language: .en)) -> [String: Any] {
        let serious = result.hits.contains { $0.action != "inform" && $0.resolution != "false_positive" }
            || result.reasons.contains { $0.severity == "refusal" }
        let open = result.hits.contains { $0.resolution == nil }
        let tone = result.recommendation == .clear ? "clear" : (serious ? "refuse" : "refer")
        let word = result.recommendation == .clear
            ? text["statusClear"] : (serious ? (open ? text["statusSerious"] : text["statusConfirmed"]) : text["statusRefer"])
        let document = result.document
        var card: [String: Any] = [
            "id": result.id.uuidString.lowercased(), "csrf": csrf, "tone": tone, "statusWord": word,
            "statusHint": result.recommendation == .clear
                ? (result.direction == .entry ? text["hintClearEntry"] : text["hintClearExit"])
                : text["hintRefer"],
            "checkedAt": time(result.createdAt) + " (Kyiv)", "pointName": result.pointCode,
            "directionLabel": result.direction == .entry ? text["entry"] : text["exit"],
            "traveller": [
                "name": [document.surname, document.givenNames].compactMap { $0 }.joined(separator: ", "),
                "nationality": document.nationality ?? "?",
                "nationalityName": "", "sex": document.sex ?? "", "birthDate": day(document.birthDate),
                "documentType": document.documentCode ?? "", "documentNumber": document.documentNumber ?? "",
                "issuer": document.issuingState ?? "", "documentExpiry": day(document.expiryDate),
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
                        ["field": fieldWords[$0.field] ?? $0.field, "how": howWords($0.how), "contribution": String(format: "%+.2f", $0.contribution)]
                    },
                    "confirmReasons": HitReview.reasons.filter { $0.resolution == "confirmed" }.map { ["code": $0.code, "label": $0.label] },
                    "dismissReasons": HitReview.reasons.filter { $0.resolution == "false_positive" }.map { ["code": $0.code, "label": $0.label] },
                    "resolved": hit.resolution != nil,
                    "resolutionLabel": hit.resolution == "false_positive" ? "NOT THE SAME PERSON" : "CONFIRMED",
                    "canResolve": canResolve && hit.resolution == nil, "csrf": csrf,
                ].merging(hit.action.map { ["action": actionWords[$0] ?? $0.uppercased()] } ?? [:]) { a, _ in a }
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
            if let latestExit = stay.latestExit { view["latestExit"] = day(latestExit) }
            card["stay"] = view
        }
        if let biometrics = biometrics(result, text: text) { card["biometrics"] = biometrics }
        return card
    }

    static func timelineEntry(_ entry: CheckService.TimelineEntry) -> [String: Any] {
        let labels = ["entry": "ENTRY", "exit": "EXIT", "refusal": "REFUSAL", "hit": "HIT", "visa": "VISA",
                      "residence_permit": "PERMIT", "protection": "PROTECTION"]
        return [
            "kind": entry.kind, "kindLabel": labels[entry.kind] ?? entry.kind.uppercased(),
            "date": day(String(entry.at.prefix(10))),
            "time": (try? Date(entry.at, strategy: .iso8601)).map(time) ?? "",
            "title": entry.text,
        ]
    }

    /// Bars of the chart: the ten largest counts, widths relative to the largest.
    static func bars(_ counted: [String: Int]) -> [[String: Any]] {
        let counts = counted.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10)
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
