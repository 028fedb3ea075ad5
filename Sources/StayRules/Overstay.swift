/// A person whose authorised stay has ended with no exit recorded: an overstayer (Regulation (EU) 2017/2226
/// Art. 12(1)-(3): the EES lists persons for whom no exit is recorded after their authorised stay expired).
public struct Overstay: Hashable, Sendable {
    /// Day of entry of the open stay.
    public let entry: CalendarDay
    /// Day the list is made for.
    public let asOf: CalendarDay
    /// Latest lawful exit day of the stay; `nil` if not even the day of entry was authorised.
    public let authorisedUntil: CalendarDay?
    /// What authorised the stay up to `authorisedUntil` (`.none` if nothing did).
    public let basis: StayBasis
    /// Days of the stay, up to and including `asOf`, on which it was not authorised.
    public let days: Int

    /// Whether the person with these stays is overstaying on `asOf`, and by how many days.
    ///
    /// - Parameters:
    ///   - stays: all recorded stays; the open one (no exit) is the stay examined. Previous stays count
    ///     towards 90/180.
    ///   - asOf: the day the list is made for (passed in, never read from a clock).
    /// - Returns: `nil` when there is no open stay or the stay is authorised on `asOf` (e.g. a permit was
    ///   granted during the stay).
    /// - Throws: `StayError` for inconsistent input, naming the field and index.
    public static func check(
        nationality: String,
        visaFreeNationalities: Set<String>,
        stays: [Stay],
        authorisations: [Authorisation],
        asOf: CalendarDay,
        rule: ShortStayRule = .ninetyInOneEighty,
        validation: StayHistory.Validation = .strict
    ) throws(StayError) -> Overstay? {
        guard
            let (entry, engine) = try StayEngine.openStay(
                nationality: nationality, visaFreeNationalities: visaFreeNationalities, stays: stays,
                authorisations: authorisations, asOf: asOf, rule: rule, validation: validation)
        else { return nil }
        let start = entry.daysSinceEpoch
        let day = asOf.daysSinceEpoch
        guard engine.basis(on: day, presentFrom: start) == nil, engine.longTerm.range(containing: day) == nil
        else { return nil }
        let outcome = engine.unauthorisedDays(presentFrom: start, through: day)
        guard outcome.count > 0 else { return nil }
        let authorisedUntil: CalendarDay? =
            switch engine.horizon(presentFrom: start) {
            case .through(let last): CalendarDay(daysSinceEpoch: last)
            case .none, .indefinite: nil
            }
        let basis = authorisedUntil.flatMap { engine.basis(on: $0.daysSinceEpoch, presentFrom: start) } ?? .none
        return Overstay(
            entry: entry, asOf: asOf, authorisedUntil: authorisedUntil, basis: basis, days: outcome.count)
    }
}

extension StayEngine {
    /// The entry of the open stay on `asOf` and the engine over the history, after each authorisation's own
    /// checks; `nil` when no stay is open.
    static func openStay(
        nationality: String, visaFreeNationalities: Set<String>, stays: [Stay], authorisations: [Authorisation],
        asOf: CalendarDay, rule: ShortStayRule, validation: StayHistory.Validation
    ) throws(StayError) -> (CalendarDay, StayEngine)? {
        for (index, authorisation) in authorisations.enumerated() { try authorisation.validate(index: index) }
        let history = try StayHistory(stays: stays, asOf: asOf, validation: validation)
        guard let entry = history.openStayEntry else { return nil }
        let engine = StayEngine(
            rule: rule, history: history, isVisaFree: visaFreeNationalities.contains(nationality),
            authorisations: authorisations)
        return (entry, engine)
    }
}
