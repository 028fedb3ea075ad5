import Foundation
import Store

/// The demo's watchlists (issue 6 item 7): alerts of every category, some on seeded travellers so a
/// border check of them shows a real hit, and a few hundred on invented people who never travel, so
/// the lists have the shape of real ones (most alerts never match anyone at a given crossing).
///
/// Alerts on seeded travellers vary the way real lists do: the police write Ukrainian names in
/// Cyrillic, other lists give the birth year only or swap surname and given names. All names are
/// invented (SyntheticPopulation), so no real person is on a list in the repository.
public enum DemoWatchlist {
    /// The walkthrough's named alerts: the README's walkthrough and the console's end-to-end test
    /// (Tests/e2e) check travellers who match them.
    static let walkthrough: [(agency: String, input: AlertInput)] = [
        (
            "UA-SMS",
            AlertInput(
                reference: "SMS-EB-2026-0001", category: "entry_ban", reason: "Entry ban for 5 years after expulsion",
                action: "refuse", surname: "ВОЛКОВ", givenNames: "ДМИТРИЙ", birthDate: "1979-04-12",
                nationality: "RUS", sex: "M"
            )
        ),
        (
            "UA-NPU",
            AlertInput(
                reference: "NPU-W-2026-0042", category: "wanted_person", reason: "Wanted for fraud (court order)",
                action: "arrest", surname: "HORVAT", givenNames: "MARKO", birthDate: "1984",
                nationality: "HRV", sex: "M"
            )
        ),
        (
            "UA-NPU",
            AlertInput(
                reference: "NPU-LSD-2026-0007", category: "lost_stolen_document", reason: "Passport reported stolen",
                documentNumber: "FA1234567", issuingState: "UKR"
            )
        ),
        (
            "UA-NPU",
            AlertInput(
                reference: "NPU-SV-2026-0003", category: "stolen_vehicle", reason: "Car reported stolen in Lviv",
                plate: "ВС 7788 АК"
            )
        ),
    ]

    /// The Cyrillic spelling of the Ukrainian name pools of ``SyntheticPopulation`` (the inverse of
    /// the national transliteration, Resolution No. 55 of 2010, for these names).
    static let ukrainianCyrillic: [String: String] = [
        "SHEVCHENKO": "ШЕВЧЕНКО", "KOVALENKO": "КОВАЛЕНКО", "BONDARENKO": "БОНДАРЕНКО", "TKACHENKO": "ТКАЧЕНКО",
        "KRAVCHENKO": "КРАВЧЕНКО", "OLIINYK": "ОЛІЙНИК", "SHEVCHUK": "ШЕВЧУК", "KOVALCHUK": "КОВАЛЬЧУК",
        "POLISHCHUK": "ПОЛІЩУК", "BOIKO": "БОЙКО", "TKACHUK": "ТКАЧУК", "MELNYK": "МЕЛЬНИК", "LYSENKO": "ЛИСЕНКО",
        "MARCHENKO": "МАРЧЕНКО", "RUDENKO": "РУДЕНКО", "SAVCHENKO": "САВЧЕНКО", "PETRENKO": "ПЕТРЕНКО",
        "MOROZ": "МОРОЗ", "IVANENKO": "ІВАНЕНКО", "HONCHARENKO": "ГОНЧАРЕНКО",
        "OLEKSANDR": "ОЛЕКСАНДР", "SERHII": "СЕРГІЙ", "MYKOLA": "МИКОЛА", "VOLODYMYR": "ВОЛОДИМИР",
        "ANDRII": "АНДРІЙ", "YURII": "ЮРІЙ", "DMYTRO": "ДМИТРО", "IHOR": "ІГОР", "VASYL": "ВАСИЛЬ", "OLEH": "ОЛЕГ",
        "TARAS": "ТАРАС", "BOHDAN": "БОГДАН", "MAKSYM": "МАКСИМ", "OLENA": "ОЛЕНА", "TETIANA": "ТЕТЯНА",
        "NATALIIA": "НАТАЛІЯ", "IRYNA": "ІРИНА", "SVITLANA": "СВІТЛАНА", "OKSANA": "ОКСАНА", "YULIIA": "ЮЛІЯ",
        "KATERYNA": "КАТЕРИНА", "MARIIA": "МАРІЯ", "HALYNA": "ГАЛИНА", "ANASTASIIA": "АНАСТАСІЯ", "SOFIIA": "СОФІЯ",
    ]

    static func cyrillic(_ latin: String) -> String? {
        let words = latin.split(separator: " ").map { ukrainianCyrillic[String($0)] }
        guard !words.isEmpty, words.allSatisfy({ $0 != nil }) else { return nil }
        return words.compactMap { $0 }.joined(separator: " ")
    }

    /// Positions of the seeded travellers who get an alert: about one in 150, at most 40. The alert
    /// kind goes by position in this list (entry ban, entry ban, wanted, missing, lost document).
    static func listedIndices(count: Int) -> [Int] {
        Array(stride(from: 7, to: count, by: max(count / 40, 150)))
    }

    /// The share of person alerts among the invented people's (cumulative, the rest are documents
    /// and vehicles): most are entry bans, as in a national register.
    static let personAlertMix: [(upTo: Double, category: String, reason: String)] = [
        (0.55, "entry_ban", "Entry ban (administrative decision)"),
        (0.75, "wanted_person", "Wanted (court order)"),
        (0.85, "missing_person", "Reported missing"),
    ]

    /// Every demo alert by owning agency code, deterministic for a seed.
    ///
    /// - Parameters:
    ///   - travellers: the seeded travellers; about one in 150 gets an alert (at most 40).
    ///   - noise: alerts on invented people who are not among the travellers.
    static func alerts(travellers: [SyntheticPopulation.Traveller], noise: Int, seed: UInt64, agencyId: UUID, now: Date)
        -> [String: [AlertInput]]
    {
        var byAgency: [String: [AlertInput]] = [:]
        for (agency, input) in walkthrough { byAgency[agency, default: []].append(input) }
        var rng = SeededGenerator(seed: seed &+ 4242)
        for (position, index) in listedIndices(count: travellers.count).enumerated() {
            let traveller = travellers[index]
            let person = traveller.person
            let reference = String(format: "DEMO-%04d", position + 1)
            switch position % 5 {
            case 0, 1:
                // An entry ban with the name as the register holds it: Cyrillic for Ukrainians.
                let isUkrainian = person.nationality == "UKR"
                byAgency["UA-SMS", default: []].append(
                    AlertInput(
                        reference: reference, category: "entry_ban", reason: "Entry ban after a removal decision",
                        surname: isUkrainian ? cyrillic(person.surname) ?? person.surname : person.surname,
                        givenNames: isUkrainian ? cyrillic(person.givenNames) ?? person.givenNames : person.givenNames,
                        birthDate: person.birthDate, nationality: person.nationality, sex: person.sex
                    )
                )
            case 2:
                // A wanted-person notice that gives the birth year only and has surname and given
                // names the other way round.
                byAgency["UA-NPU", default: []].append(
                    AlertInput(
                        reference: reference, category: "wanted_person", reason: "Wanted for questioning (investigator's request)",
                        surname: person.givenNames, givenNames: person.surname,
                        birthDate: person.birthDate.map { String($0.prefix(4)) }, nationality: person.nationality
                    )
                )
            case 3:
                byAgency["UA-NPU", default: []].append(
                    AlertInput(
                        reference: reference, category: "missing_person", reason: "Reported missing by family",
                        surname: person.surname, givenNames: person.givenNames, birthDate: person.birthDate,
                        nationality: person.nationality, sex: person.sex
                    )
                )
            default:
                byAgency["UA-NPU", default: []].append(
                    AlertInput(
                        reference: reference, category: "lost_stolen_document", reason: "Reported lost by the holder",
                        documentNumber: traveller.documentNumber, issuingState: person.nationality
                    )
                )
            }
        }
        // People on the lists who never come: other invented travellers, a different seed.
        let strangers = SyntheticPopulation.travellers(count: noise, seed: seed &+ 31_337, agencyId: agencyId, now: now)
        for (index, stranger) in strangers.enumerated() {
            let person = stranger.person
            let reference = String(format: "DEMO-N%05d", index + 1)
            let draw = Double.random(in: 0..<1, using: &rng)
            let input: AlertInput
            if let (category, reason) = personAlertMix.first(where: { draw < $0.upTo }).map({ ($0.category, $0.reason) }) {
                input = AlertInput(
                    reference: reference, category: category, reason: reason, surname: person.surname,
                    givenNames: person.givenNames, birthDate: person.birthDate, nationality: person.nationality,
                    sex: person.sex
                )
            } else if draw < 0.95 {
                input = AlertInput(
                    reference: reference, category: "lost_stolen_document", reason: "Reported stolen",
                    documentNumber: stranger.documentNumber + "7", issuingState: person.nationality
                )
            } else {
                let letters = "ABCEHIKMOPTX"
                func letter() -> Character { letters.randomElement(using: &rng) ?? "A" }
                let plate = "\(letter())\(letter()) \(Int.random(in: 1000...9999, using: &rng)) \(letter())\(letter())"
                input = AlertInput(reference: reference, category: "stolen_vehicle", reason: "Vehicle reported stolen", plate: plate)
            }
            byAgency[index % 3 == 0 ? "UA-SMS" : "UA-NPU", default: []].append(input)
        }
        return byAgency
    }
}

extension DemoSeeder {
    /// Imports the demo's watchlists through the watchlist service (audit, outbox, index, re-screening).
    func seedWatchlists(travellers: [SyntheticPopulation.Traveller], seed: UInt64, agencyId: UUID, now: Date)
        async throws -> Int
    {
        let byAgency = DemoWatchlist.alerts(
            travellers: travellers, noise: min(2_000, max(200, travellers.count / 10)), seed: seed, agencyId: agencyId,
            now: now
        )
        var total = 0
        for agency in byAgency.keys.sorted() {
            guard let inputs = byAgency[agency] else { continue }
            total += try await services.watchlists.importAlerts(inputs, agencyCode: agency, source: "demo_seed").imported
        }
        return total
    }
}
