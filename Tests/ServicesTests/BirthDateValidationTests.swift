import Foundation
import Testing

@testable import Services

/// Birth dates everywhere a service reads one (alerts, persons, screening requests): any precision, `00`/`XX`
/// for an unknown part, stored in one reduced form (issue 14).
@Suite("Birth-date validation")
struct BirthDateValidationTests {
    static let today = Date(timeIntervalSince1970: 1_764_633_600)  // 2025-12-02

    @Test("Partial dates are accepted and stored reduced", arguments: [
        ("1997-10-23", "1997-10-23"), ("1997-10", "1997-10"), ("1997-10-00", "1997-10"), ("1997-10-XX", "1997-10"),
        ("1997-XX-XX", "1997"), ("1997-00-00", "1997"), ("1997", "1997"),
    ])
    func accepted(text: String, stored: String) throws {
        #expect(try Validate.birthDate(text, field: "birthDate", today: Self.today) == stored)
    }

    @Test("Malformed, impossible, too early and future dates are refused, naming the field", arguments: [
        "1997-13", "1997-02-30", "97", "1997/10/01", "1869", "2026", "2025-12-03", "XXXX",
    ])
    func refused(text: String) {
        #expect(throws: ServiceError.self) { try Validate.birthDate(text, field: "birthDate", today: Self.today) }
    }
}
