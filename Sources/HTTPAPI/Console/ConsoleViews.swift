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

    /// How it matched, in an officer's words (catalogue `how_<kind>`), never the engine's field names
    /// (issue 16 finding 8).
    static func howWords(_ how: String, _ text: ConsoleText) -> String {
        let corroboration = ", corroborated", weakening = ", weakened"
        if how.hasSuffix(weakening) {
            return howWords(String(how.dropLast(weakening.count)), text) + " " + text["howWeakened"]
        }
        if how.hasSuffix(corroboration) {
            return howWords(String(how.dropLast(corroboration.count)), text) + " " + text["howCorroborated"]
        }
        if let found = text.phrase("how_\(how)") { return found }
        if how.hasPrefix("edit distance ") { return "\(text["howLetters"]) \(how.dropFirst(14))" }
        return how.replacingOccurrences(of: "_", with: " ")
    }

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
            "checkedAt": time(result.createdAt) + " (\(text["kyiv"]))", "pointName": result.pointCode,
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
                    "severity": reason.severity, "text": reasonText(reason, text),
                    "severityLabel": text.phrase(["info": "sevInfo", "attention": "sevAttention", "refusal": "sevRefusal"][reason.severity] ?? "")
                        ?? reason.severity.uppercased(),
                ]
            },
            "hasHits": !result.hits.isEmpty, "hitCount": result.hits.count,
            "hits": result.hits.map { hit in
                [
                    "id": "\(result.id.uuidString.lowercased())~\(hit.alertId)", "category": hit.category,
                    "categoryLabel": text.category(hit.category), "subject": hit.subject?.name ?? hit.subject?.plate ?? hit.subject?.document ?? hit.summary,
                    "score": String(format: "%.2f", hit.score), "source": Self.hitSource(hit, text),
                    "hasExplanations": !hit.explanation.isEmpty,
                    "explanations": hit.explanation.map {
                        ["field": text.phrase("fw_\($0.field)") ?? $0.field, "how": howWords($0.how, text), "contribution": String(format: "%+.2f", $0.contribution)]
                    },
                    "confirmReasons": HitReview.reasons.filter { $0.resolution == "confirmed" }.map { ["code": $0.code, "label": text.phrase("hr_\($0.code)") ?? $0.label] },
                    "dismissReasons": HitReview.reasons.filter { $0.resolution == "false_positive" }.map { ["code": $0.code, "label": text.phrase("hr_\($0.code)") ?? $0.label] },
                    "resolved": hit.resolution != nil,
                    "resolutionLabel": text[hit.resolution == "false_positive" ? "resolvedNotSame" : "resolvedConfirmed"],
                    "canResolve": canResolve && hit.resolution == nil, "csrf": csrf,
                ].merging(alertSubject(hit, text)) { a, _ in a }
                    .merging(hit.action.map { ["action": text.phrase("act_\($0)") ?? $0.uppercased()] } ?? [:]) { a, _ in a }
                    .merging(hit.reference.map { ["reference": $0] } ?? [:]) { a, _ in a } as [String: Any]
            },
        ]
        if let prescreen = result.prescreen { card["prescreen"] = ["text": prescreen.text] }
        if let stay = result.stay {
            var view: [String: Any] = [
                "basis": basisWords(stay.basis, text), "hasBasis": stay.basis != "none" || stay.overstayDays > 0, "daysUsed": stay.daysUsed,
                "daysRemaining": stay.daysRemaining,
                "lowRemaining": stay.daysRemaining < 10, "overstayDays": stay.overstayDays > 0 ? stay.overstayDays as Any : false,
            ]
            if let latestExit = stay.latestExit { view["latestExit"] = day(latestExit) }
            card["stay"] = view
        }
        if let biometrics = biometrics(result, text: text) { card["biometrics"] = biometrics }
        return card
    }

    static func timelineEntry(_ entry: CheckService.TimelineEntry, text: ConsoleText) -> [String: Any] {
        [
            "kind": entry.kind, "kindLabel": text.phrase("tl_\(entry.kind)") ?? entry.kind.uppercased(),
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
    static func hitSource(_ hit: CheckHit, _ text: ConsoleText) -> String {
        let parts = [hit.agency, hit.reason].compactMap { $0 }
        return parts.isEmpty ? "\(text["alertWord"]) \(hit.alertId)" : parts.joined(separator: " · ")
    }

    /// What the alert says about its subject, and whom to call; empty for results stored before alerts
    /// carried it (the card then shows the summary alone).
    static func alertSubject(_ hit: CheckHit, _ text: ConsoleText) -> [String: Any] {
        guard let subject = hit.subject else { return [:] }
        var view: [String: Any] = ["hasSubject": true]
        if !subject.otherNames.isEmpty { view["alertOtherNames"] = subject.otherNames.joined(separator: "; ") }
        let facts = [
            subject.birthDate.map { "\(text["born"]) \(day($0))" }, subject.nationality,
            subject.document.map { "\(text["document"]) \($0)" }, subject.plate.map { "\(text["plate"]) \($0)" },
            subject.validUntil.map { "\(text["validUntilWord"]) \(day(String(ISO8601DateFormatter().string(from: $0).prefix(10))))" },
        ].compactMap { $0 }
        if !facts.isEmpty { view["alertFacts"] = facts.joined(separator: " · ") }
        if let agencyName = subject.agencyName {
            var call = "\(text["callDuty"]) \(agencyName)"
            if let code = hit.agency { call += " (\(code))" }
            if let reference = hit.reference { call += ", \(text["quoteRef"]) \(reference)" }
            view["whomToCall"] = call
        }
        return view
    }

    /// The stay's basis (`visa_free`, `visa`, …) in words.
    static func basisWords(_ code: String, _ text: ConsoleText) -> String {
        text.phrase("basis_\(code)") ?? code.replacingOccurrences(of: "_", with: " ")
    }

    /// A reason in the officer's language (dates as officers write them): the catalogue's `reason_<code>`
    /// with the reason's arguments put in; the service's English sentence when the catalogue has no such
    /// entry or an argument is missing (a result stored before reasons carried arguments).
    static func reasonText(_ reason: CheckResult.Reason, _ text: ConsoleText) -> String {
        let hit = reason.code.hasPrefix("hit-")
        guard let template = text.phrase(hit ? "reason_hit" : "reason_\(reason.code)") else { return reason.text }
        var result = template
        for (name, value) in reason.arguments ?? [:] {
            let word: String = switch name {
            case "category": text.category(value)
            case "action": text.phrase("act_\(value)") ?? value
            default: text.phrase("val_\(value)") ?? (value.count == 10 && value.dropFirst(4).first == "-" ? day(value) : value)
            }
            result = result.replacingOccurrences(of: "{\(name)}", with: word)
        }
        if hit && reason.arguments?["leaving"] != nil { result += " " + text["reasonLeaving"] }
        return result.contains("{") ? reason.text : result
    }
}
