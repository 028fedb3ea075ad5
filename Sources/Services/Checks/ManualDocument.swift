import Foundation
import TravelDocuments

/// A travel document typed by hand when its zone cannot be read (issue 16 item 2): the same check
/// runs on a zone generated from these fields, and the card says it was typed.
public struct ManualDocument: Codable, Sendable, Hashable {
    /// `P`, `I`, `ID`, `AC`… (ICAO 9303 document code).
    public var documentCode: String
    public var number: String
    /// ICAO 9303 code of the issuing state.
    public var issuingState: String
    public var surname: String
    public var givenNames: String
    /// `YYYY-MM-DD`.
    public var birthDate: String
    /// `M`, `F` or `X`.
    public var sex: String
    public var nationality: String
    /// `YYYY-MM-DD`.
    public var expiryDate: String

    public init(
        documentCode: String, number: String, issuingState: String, surname: String, givenNames: String,
        birthDate: String, sex: String, nationality: String, expiryDate: String
    ) {
        self.documentCode = documentCode
        self.number = number
        self.issuingState = issuingState
        self.surname = surname
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.sex = sex
        self.nationality = nationality
        self.expiryDate = expiryDate
    }

    /// The zone these fields make (TD3 for passports, TD1 for cards), or an error naming the field.
    func zone(today: Date) throws(ServiceError) -> [String] {
        func upper(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces).uppercased() }
        let code = upper(documentCode)
        guard (1...2).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isLetter }), code.first != "V" else {
            throw .invalid("manual.documentCode", "one or two letters, e.g. P for a passport, I for an identity card")
        }
        let number = upper(number).replacingOccurrences(of: " ", with: "")
        guard (1...9).contains(number.count), number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw .invalid("manual.number", "1 to 9 letters and digits, as printed")
        }
        let state = try Validate.countryCode(upper(issuingState), field: "manual.issuingState")
        let nationality = try Validate.countryCode(upper(nationality), field: "manual.nationality")
        let surname = try Validate.name(surname, field: "manual.surname", max: 80)
        let given = try Validate.name(givenNames, field: "manual.givenNames", allowEmpty: true, max: 80)
        guard ["M", "F", "X"].contains(upper(sex)) else { throw .invalid("manual.sex", "M, F or X") }
        let born = try Self.yymmdd(birthDate, field: "manual.birthDate")
        let expires = try Self.yymmdd(expiryDate, field: "manual.expiryDate")
        if birthDate > ISO8601DateFormatter().string(from: today).prefix(10).description {
            throw .invalid("manual.birthDate", "is in the future")
        }
        if expiryDate < birthDate { throw .invalid("manual.expiryDate", "is before the date of birth") }
        do {
            return try MRZGenerator.make(MRZFields(
                format: code.first == "P" ? .td3 : .td1, documentCode: code, issuingState: state, surname: surname,
                givenNames: given, documentNumber: number, nationality: nationality, birthDate: born, sex: upper(sex),
                expiryDate: expires
            ))
        } catch {
            throw .invalid("manual", "these fields cannot make a document: \(error)")
        }
    }

    static func yymmdd(_ iso: String, field: String) throws(ServiceError) -> String {
        let parts = iso.split(separator: "-")
        guard iso.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1900...2100).contains(y), (1...12).contains(m), (1...31).contains(d)
        else { throw .invalid(field, "a date as YYYY-MM-DD") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d)),
            calendar.component(.day, from: date) == d
        else { throw .invalid(field, "no such day") }
        return String(format: "%02d%02d%02d", y % 100, m, d)
    }
}
