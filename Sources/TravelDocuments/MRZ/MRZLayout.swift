/// Where each field sits in a format (1-based line, column, length), from ICAO 9303 Parts 4-7.
struct MRZLayout: Sendable {
    typealias Position = (line: Int, column: Int)
    typealias Range = (line: Int, column: Int, count: Int)

    let name: Range
    let documentNumber: Range
    let documentNumberCheck: Position
    let nationality: Position
    let birthDate: Position
    let birthDateCheck: Position
    let sex: Position
    let expiryDate: Position
    let expiryDateCheck: Position
    let optionalData: Range
    let optionalDataCheck: Position?
    let optionalData2: Range?
    let composite: Position?
    /// Ranges the composite check digit covers, raw characters including fillers.
    let compositeRanges: [Range]

    static func of(_ format: MRZFormat) -> MRZLayout {
        switch format {
        case .td1: return td1
        case .td2: return td2
        case .td3: return td3
        case .mrvA: return mrvA
        case .mrvB: return mrvB
        }
    }

    /// Part 4 §4.2.2: passport (TD3).
    static let td3 = MRZLayout(
        name: (1, 6, 39), documentNumber: (2, 1, 9), documentNumberCheck: (2, 10), nationality: (2, 11),
        birthDate: (2, 14), birthDateCheck: (2, 20), sex: (2, 21), expiryDate: (2, 22), expiryDateCheck: (2, 28),
        optionalData: (2, 29, 14), optionalDataCheck: (2, 43), optionalData2: nil, composite: (2, 44),
        compositeRanges: [(2, 1, 10), (2, 14, 7), (2, 22, 22)])

    /// Part 7 §4.2.2: MRV-A.
    static let mrvA = MRZLayout(
        name: (1, 6, 39), documentNumber: (2, 1, 9), documentNumberCheck: (2, 10), nationality: (2, 11),
        birthDate: (2, 14), birthDateCheck: (2, 20), sex: (2, 21), expiryDate: (2, 22), expiryDateCheck: (2, 28),
        optionalData: (2, 29, 16), optionalDataCheck: nil, optionalData2: nil, composite: nil, compositeRanges: [])

    /// Part 6 §4.2.2: TD2.
    static let td2 = MRZLayout(
        name: (1, 6, 31), documentNumber: (2, 1, 9), documentNumberCheck: (2, 10), nationality: (2, 11),
        birthDate: (2, 14), birthDateCheck: (2, 20), sex: (2, 21), expiryDate: (2, 22), expiryDateCheck: (2, 28),
        optionalData: (2, 29, 7), optionalDataCheck: nil, optionalData2: nil, composite: (2, 36),
        compositeRanges: [(2, 1, 10), (2, 14, 7), (2, 22, 14)])

    /// Part 7 §4.2.2: MRV-B.
    static let mrvB = MRZLayout(
        name: (1, 6, 31), documentNumber: (2, 1, 9), documentNumberCheck: (2, 10), nationality: (2, 11),
        birthDate: (2, 14), birthDateCheck: (2, 20), sex: (2, 21), expiryDate: (2, 22), expiryDateCheck: (2, 28),
        optionalData: (2, 29, 8), optionalDataCheck: nil, optionalData2: nil, composite: nil, compositeRanges: [])

    /// Part 5 §4.2.2: TD1 card.
    static let td1 = MRZLayout(
        name: (3, 1, 30), documentNumber: (1, 6, 9), documentNumberCheck: (1, 15), nationality: (2, 16),
        birthDate: (2, 1), birthDateCheck: (2, 7), sex: (2, 8), expiryDate: (2, 9), expiryDateCheck: (2, 15),
        optionalData: (1, 16, 15), optionalDataCheck: nil, optionalData2: (2, 19, 11), composite: (2, 30),
        compositeRanges: [(1, 6, 25), (2, 1, 7), (2, 9, 7), (2, 19, 11)])
}
