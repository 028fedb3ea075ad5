import Foundation
import Testing
@testable import TravelDocuments

@Suite("Check digits and dates")
struct CheckDigitAndDateTests {
    @Test("ICAO 9303 Part 3 §4.9 check digits of the specimen fields", arguments: [
        ("L898902C3", 6), ("740812", 2), ("120415", 9), ("ZE184226B<<<<<", 1), ("D23145890734", 9),
        ("<<<<<<", 0), ("", 0), ("AB2134<<<", 5),
    ])
    func knownValues(text: String, digit: Int) {
        #expect(CheckDigit.compute(text) == digit)
    }

    /// asOf 2026-11-18 (UTC).
    static let asOf = CivilDate(year: 2026, month: 11, day: 18)

    @Test("Century of a birth date: never after asOf", arguments: [
        ("250101", 2025), ("261118", 2026), ("261119", 1926), ("270101", 1927), ("740812", 1974), ("000229", 2000),
    ])
    func birthCentury(raw: String, year: Int) {
        let date = resolve(raw, .birth)
        #expect(date.year == year)
        #expect(date.isValid)
    }

    @Test("Century of an expiry date: at most 20 years after asOf", arguments: [
        ("460101", 2046), ("470101", 1947), ("120415", 2012), ("961210", 1996), ("310101", 2031),
    ])
    func expiryCentury(raw: String, year: Int) {
        #expect(resolve(raw, .expiry).year == year)
    }

    @Test("Calendar validity, with < for unknown day or month (Part 3 §4.7)", arguments: [
        ("7408<<", true, "1974-08"), ("74<<<<", true, "1974"), ("74<<12", false, nil), ("741312", false, nil),
        ("740800", false, nil), ("010229", false, nil), ("000229", true, "2000-02-29"), ("740431", false, nil),
        ("7B0812", false, nil), ("74081", false, nil),
    ])
    func validity(raw: String, valid: Bool, iso: String?) {
        let date = resolve(raw, .birth)
        #expect(date.isValid == valid)
        #expect(date.iso8601 == iso)
    }

    @Test("asOf is read from a Date in UTC without Calendar", arguments: [
        (0.0, 1970, 1, 1), (951_782_400.0, 2000, 2, 29), (1_795_000_000.0, 2026, 11, 18), (-86_400.0, 1969, 12, 31),
    ])
    func civilDate(seconds: Double, year: Int, month: Int, day: Int) {
        #expect(CivilDate(Date(timeIntervalSince1970: seconds)) == CivilDate(year: year, month: month, day: day))
    }

    private func resolve(_ raw: String, _ kind: MRZDate.Kind) -> MRZDate {
        let bytes = Array(raw.utf8)
        return bytes.withUnsafeBufferPointer { MRZDate.resolve($0, kind: kind, asOf: Self.asOf) }
    }
}
