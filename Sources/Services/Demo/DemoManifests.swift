import Edifact
import Foundation
import Store

/// The demo's advance passenger information (issue 7): a few flights arriving at Boryspil and Lviv
/// around the time of seeding, sent as PAXLST interchanges through the manifest service, so the
/// flight board shows flights expected, landed and closed, an amended manifest, and hits on
/// travellers the demo watchlists name (DemoWatchlist: the walkthrough's entry ban and wanted person,
/// the stolen passport, and alerts on seeded travellers).
///
/// Travellers are seeded travellers (invented names, SyntheticPopulation), so a border check of one
/// of them at the airport links to the manifest.
enum DemoManifests {
    /// One demo flight: carrier, number, from, to (IATA), arrival relative to seeding, passengers.
    struct Plan {
        var carrier: String
        var number: String
        var from: String
        var to: String
        var arrivesIn: TimeInterval
        var travellers: [Passenger]
        var crew: [Passenger]
    }

    /// The walkthrough's watchlisted travellers as a carrier would list them, with the documents of the
    /// README's walkthrough MRZs, so a check of one of them at Boryspil links to their flight.
    static let walkthroughPassengers: [Passenger] = [
        passenger("VOLKOV", "DMITRII", born: "1979-04-12", sex: "M", nationality: "RUS", document: "751234567", state: "RUS",
                  expiry: "2031-01-01"),
        passenger("HORVAT", "MARKO", born: "1984-06-15", sex: "M", nationality: "HRV", document: "112233445", state: "HRV",
                  expiry: "2030-05-20"),
        passenger("BONDARENKO", "IRYNA", born: "1992-03-18", sex: "F", nationality: "UKR", document: "FA1234567",
                  state: "UKR", expiry: "2032-09-01"),
        passenger("BRANDT", "JONAS", born: "1971-06-03", sex: "M", nationality: "D", document: "C01X00T47", state: "D",
                  expiry: "2025-01-31"),
    ]

    static func passenger(
        _ surname: String, _ given: String, born: String?, sex: String, nationality: String, document: String,
        state: String, expiry: String = "2031-05-31", crew: Bool = false
    ) -> Passenger {
        Passenger(
            type: crew ? .crew : .passenger, nadQualifier: crew ? "FM" : "FL", surname: surname, givenNames: given,
            givenNameComponents: given.split(separator: " ").map(String.init), birthDate: born, sex: sex,
            nationality: nationality, documents: [.init(type: "P", number: document, issuingState: state, expiry: expiry)]
        )
    }

    static func passenger(_ traveller: SyntheticPopulation.Traveller, crew: Bool = false) -> Passenger {
        let person = traveller.person
        return passenger(
            person.surname, person.givenNames, born: person.birthDate, sex: person.sex == "X" ? "U" : person.sex,
            nationality: person.nationality, document: traveller.documentNumber, state: person.nationality,
            expiry: traveller.expiryDate, crew: crew
        )
    }

    /// The demo flights, deterministic for the seeded travellers.
    static func plans(travellers: [SyntheticPopulation.Traveller]) -> [Plan] {
        let listed = Set(DemoWatchlist.listedIndices(count: travellers.count))
        let ordinary = travellers.indices.filter { !listed.contains($0) }.map { travellers[$0] }
        let watchlisted = DemoWatchlist.listedIndices(count: travellers.count).map { travellers[$0] }
        func take(_ range: Range<Int>) -> [Passenger] {
            range.compactMap { $0 < ordinary.count ? passenger(ordinary[$0]) : nil }
        }
        // Crew are adults (born before 2000), taken from the end of the list, away from the passengers.
        let adults = Array(ordinary.filter { ($0.person.birthDate ?? "9999") < "2000" }.reversed())
        func crew(_ range: Range<Int>) -> [Passenger] {
            range.compactMap { $0 < adults.count ? passenger(adults[$0], crew: true) : nil }
        }
        let walkthrough = walkthroughPassengers
        return [
            Plan(
                carrier: "PS", number: "PS102", from: "AMS", to: "KBP", arrivesIn: 2 * 3600,
                travellers: take(0..<36) + [walkthrough[0]] + watchlisted.prefix(3).map { passenger($0) },
                crew: crew(0..<5)
            ),
            Plan(
                carrier: "FR", number: "FR2144", from: "DUB", to: "KBP", arrivesIn: -3600,
                travellers: take(40..<68) + [walkthrough[1], walkthrough[2]]
                    + watchlisted.dropFirst(3).prefix(2).map { passenger($0) },
                crew: crew(5..<9)
            ),
            Plan(
                carrier: "LH", number: "LH1490", from: "FRA", to: "LWO", arrivesIn: -9 * 3600,
                travellers: take(70..<92) + [walkthrough[3]], crew: crew(9..<14)
            ),
            Plan(
                carrier: "LO", number: "LO751", from: "WAW", to: "KBP", arrivesIn: 6 * 3600,
                travellers: take(100..<150) + watchlisted.dropFirst(5).prefix(2).map { passenger($0) },
                crew: crew(14..<19)
            ),
        ]
    }

    /// The plan as an interchange with a passenger list and a crew list for the flight.
    static func interchange(_ plan: Plan, now: Date, reference: String) -> String {
        let departure = now.addingTimeInterval(plan.arrivesIn - 3 * 3600)
        let arrival = now.addingTimeInterval(plan.arrivesIn)
        let flight = Flight(
            flightNumber: plan.number, carrier: plan.carrier, departurePort: plan.from,
            departureDateTime: localTime(departure), arrivalPort: plan.to, arrivalDateTime: localTime(arrival)
        )
        var messages = [ManifestMessage(messageRef: "1", documentCode: "745", listType: .passenger, flights: [flight], travellers: plan.travellers)]
        if !plan.crew.isEmpty {
            messages.append(ManifestMessage(messageRef: "2", documentCode: "250", listType: .crew, flights: [flight], travellers: plan.crew))
        }
        let manifest = Manifest(
            una: true, interchange: Interchange(sender: plan.carrier + "APIS", recipient: "UASBGS", controlRef: reference),
            messages: messages
        )
        let prepared = localTime(now).filter(\.isNumber)
        return PaxlstWriter.interchange(
            manifest, preparedAt: String(prepared.dropFirst(2).prefix(6)) + ":" + String(prepared.suffix(4))
        )
    }

    /// `YYYY-MM-DDTHH:MM`, local time at Ukraine's airports (PAXLST carries local times).
    static func localTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ArrivalAirport.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0)
    }
}

extension DemoSeeder {
    /// Sends the demo manifests through the manifest service as the targeting analyst would receive
    /// them, and an amendment of the last flight (one passenger fewer), so the board shows "amended".
    func seedManifests(travellers: [SyntheticPopulation.Traveller], analyst: Officer?, now: Date) async throws -> Int {
        guard let analyst, !travellers.isEmpty else { return 0 }
        let context = AccessContext(
            principal: Principal(
                officerId: analyst.id, agencyId: analyst.agencyId, role: analyst.role, agencyKind: .borderGuard,
                agencyCountry: "UKR", credentialId: "cli"
            ),
            purpose: "demo_seed", requestId: nil
        )
        let plans = DemoManifests.plans(travellers: travellers)
        for (index, plan) in plans.enumerated() {
            let text = DemoManifests.interchange(plan, now: now, reference: "DEMO\(index + 1)")
            _ = try await services.manifests.receive(Array(text.utf8), format: .edifact, context: context)
        }
        if var amended = plans.last, amended.travellers.count > 1 {
            amended.travellers.removeFirst()
            let text = DemoManifests.interchange(amended, now: now, reference: "DEMO\(plans.count + 1)")
            _ = try await services.manifests.receive(Array(text.utf8), format: .edifact, context: context)
        }
        return plans.count
    }
}
