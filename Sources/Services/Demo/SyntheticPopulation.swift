import Foundation
import Store

/// Synthetic travellers of many nationalities: invented names drawn from common name lists, so no
/// real person's record is in the repository (personal data rule). Names are in their MRZ Latin form.
public struct SyntheticPopulation: Sendable {
    /// One nationality's share of travellers and name pools.
    struct Nationality: Sendable {
        let code: String
        let weight: Double
        let surnames: [String]
        let maleNames: [String]
        let femaleNames: [String]
        /// Crossing-point neighbour states this nationality mostly uses.
        let neighbours: [String]
    }

    static let nationalities: [Nationality] = [
        .init(
            code: "UKR", weight: 46,
            surnames: ["SHEVCHENKO", "KOVALENKO", "BONDARENKO", "TKACHENKO", "KRAVCHENKO", "OLIINYK", "SHEVCHUK",
                "KOVALCHUK", "POLISHCHUK", "BOIKO", "TKACHUK", "MELNYK", "LYSENKO", "MARCHENKO", "RUDENKO", "SAVCHENKO",
                "PETRENKO", "MOROZ", "IVANENKO", "HONCHARENKO"],
            maleNames: ["OLEKSANDR", "SERHII", "MYKOLA", "VOLODYMYR", "ANDRII", "YURII", "DMYTRO", "IHOR", "VASYL",
                "OLEH", "TARAS", "BOHDAN", "MAKSYM"],
            femaleNames: ["OLENA", "TETIANA", "NATALIIA", "IRYNA", "SVITLANA", "OKSANA", "YULIIA", "KATERYNA",
                "MARIIA", "HALYNA", "ANASTASIIA", "SOFIIA"],
            neighbours: ["POL", "HUN", "SVK", "ROU", "MDA"]
        ),
        .init(
            code: "MDA", weight: 10,
            surnames: ["RUSU", "CEBAN", "CIOBANU", "TURCAN", "COJOCARU", "MUNTEANU", "ROTARU", "LUNGU", "BALAN", "SIRBU"],
            maleNames: ["ION", "VASILE", "GHEORGHE", "ANDREI", "NICOLAE", "MIHAI", "ALEXANDRU"],
            femaleNames: ["MARIA", "ELENA", "ANA", "NATALIA", "TATIANA", "OLGA", "CRISTINA"],
            neighbours: ["MDA"]
        ),
        .init(
            code: "POL", weight: 8,
            surnames: ["NOWAK", "KOWALSKI", "WISNIEWSKI", "WOJCIK", "KOWALCZYK", "KAMINSKI", "LEWANDOWSKI", "ZIELINSKI"],
            maleNames: ["PIOTR", "KRZYSZTOF", "ANDRZEJ", "TOMASZ", "PAWEL", "MICHAL"],
            femaleNames: ["ANNA", "KATARZYNA", "MALGORZATA", "AGNIESZKA", "MARTA", "EWA"],
            neighbours: ["POL"]
        ),
        .init(
            code: "ROU", weight: 4,
            surnames: ["POPESCU", "IONESCU", "POPA", "STAN", "DUMITRU", "DINU", "STOICA"],
            maleNames: ["ION", "ANDREI", "MIHAI", "CONSTANTIN", "DANIEL"],
            femaleNames: ["MARIA", "ELENA", "IOANA", "ANDREEA", "MIHAELA"],
            neighbours: ["ROU"]
        ),
        .init(
            code: "HUN", weight: 3,
            surnames: ["NAGY", "KOVACS", "TOTH", "SZABO", "HORVATH", "VARGA", "KISS"],
            maleNames: ["LASZLO", "ISTVAN", "JOZSEF", "ZOLTAN", "SANDOR"],
            femaleNames: ["MARIA", "ERZSEBET", "KATALIN", "ILONA", "EVA"],
            neighbours: ["HUN"]
        ),
        .init(
            code: "SVK", weight: 2,
            surnames: ["HORVATH", "KOVAC", "VARGA", "TOTH", "NAGY", "BALAZ"],
            maleNames: ["PETER", "JAN", "MARTIN", "MICHAL", "JOZEF"],
            femaleNames: ["MARIA", "ANNA", "ZUZANA", "EVA", "LUCIA"],
            neighbours: ["SVK"]
        ),
        .init(
            code: "TUR", weight: 4,
            surnames: ["YILMAZ", "KAYA", "DEMIR", "SAHIN", "CELIK", "YILDIZ", "OZTURK", "AYDIN"],
            maleNames: ["MEHMET", "MUSTAFA", "AHMET", "ALI", "HUSEYIN", "HASAN"],
            femaleNames: ["FATMA", "AYSE", "EMINE", "HATICE", "ZEYNEP"],
            neighbours: ["POL", "ROU", "MDA"]
        ),
        .init(
            code: "GEO", weight: 3,
            surnames: ["BERIDZE", "KAPANADZE", "GELASHVILI", "MAISURADZE", "GIORGADZE", "LOMIDZE"],
            maleNames: ["GIORGI", "DAVIT", "LEVAN", "ZURAB", "NIKOLOZ"],
            femaleNames: ["NINO", "TAMAR", "MARIAM", "NATIA", "EKATERINE"],
            neighbours: ["POL", "MDA"]
        ),
        .init(
            code: "AZE", weight: 2,
            surnames: ["MAMMADOV", "ALIYEV", "HASANOV", "HUSEYNOV", "GULIYEV", "ISMAYILOV"],
            maleNames: ["ELVIN", "RASHAD", "ORKHAN", "ELNUR", "FARID"],
            femaleNames: ["AYSEL", "LEYLA", "NIGAR", "GUNAY", "SEVINJ"],
            neighbours: ["POL", "MDA"]
        ),
        .init(
            code: "D", weight: 3,
            surnames: ["MUELLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER"],
            maleNames: ["THOMAS", "MICHAEL", "ANDREAS", "STEFAN", "MARKUS"],
            femaleNames: ["SABINE", "ANDREA", "PETRA", "JULIA", "KATRIN"],
            neighbours: ["POL", "SVK", "HUN"]
        ),
        .init(
            code: "USA", weight: 2,
            surnames: ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MILLER", "DAVIS"],
            maleNames: ["JAMES", "JOHN", "ROBERT", "MICHAEL", "DAVID"],
            femaleNames: ["MARY", "JENNIFER", "LINDA", "ELIZABETH", "SUSAN"],
            neighbours: ["POL"]
        ),
        .init(
            code: "GBR", weight: 2,
            surnames: ["SMITH", "JONES", "TAYLOR", "BROWN", "WILLIAMS", "WILSON", "EVANS"],
            maleNames: ["OLIVER", "GEORGE", "HARRY", "JACK", "THOMAS"],
            femaleNames: ["OLIVIA", "AMELIA", "EMILY", "ISLA", "SOPHIE"],
            neighbours: ["POL"]
        ),
        .init(
            code: "ISR", weight: 2,
            surnames: ["COHEN", "LEVI", "MIZRAHI", "PERETZ", "BITON", "FRIEDMAN"],
            maleNames: ["DAVID", "MOSHE", "YOSEF", "DANIEL", "AVRAHAM"],
            femaleNames: ["SARAH", "RACHEL", "NOA", "TAMAR", "MICHAL"],
            neighbours: ["POL", "MDA"]
        ),
        .init(
            code: "CHN", weight: 1.5,
            surnames: ["WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG"],
            maleNames: ["WEI", "JUN", "HAO", "LEI", "YONG"],
            femaleNames: ["FANG", "JING", "LI NA", "XIU YING", "MIN"],
            neighbours: ["POL", "HUN"]
        ),
        .init(
            code: "IND", weight: 1.5,
            surnames: ["SHARMA", "SINGH", "KUMAR", "PATEL", "GUPTA", "REDDY"],
            maleNames: ["RAHUL", "AMIT", "RAJESH", "ARJUN", "VIKRAM"],
            femaleNames: ["PRIYA", "ANJALI", "SUNITA", "DEEPA", "KAVITA"],
            neighbours: ["POL"]
        ),
        .init(
            code: "VNM", weight: 1,
            surnames: ["NGUYEN", "TRAN", "LE", "PHAM", "HOANG", "VU"],
            maleNames: ["VAN ANH", "MINH", "DUC", "HUNG", "QUANG"],
            femaleNames: ["THI HUONG", "THI LAN", "THU", "NGOC ANH", "THI MAI"],
            neighbours: ["POL"]
        ),
        .init(
            code: "EGY", weight: 1,
            surnames: ["MOHAMED", "AHMED", "HASSAN", "IBRAHIM", "MAHMOUD", "ALI"],
            maleNames: ["MOHAMED AHMED", "AHMED MAHMOUD", "OMAR", "YOUSSEF", "MOSTAFA"],
            femaleNames: ["FATMA", "MARIAM", "NOUR", "AYA", "SARA"],
            neighbours: ["POL", "MDA"]
        ),
        .init(
            code: "MAR", weight: 0.8,
            surnames: ["EL IDRISSI", "BENALI", "ALAOUI", "EL AMRANI", "BENNANI"],
            maleNames: ["MOHAMMED", "YOUSSEF", "HAMZA", "KARIM", "RACHID"],
            femaleNames: ["FATIMA ZAHRA", "KHADIJA", "SALMA", "NADIA", "AMINA"],
            neighbours: ["POL"]
        ),
        .init(
            code: "NGA", weight: 0.7,
            surnames: ["OKAFOR", "ADEYEMI", "BELLO", "OKONKWO", "IBRAHIM", "EZE"],
            maleNames: ["CHINEDU", "OLUWASEUN", "EMEKA", "IBRAHIM", "TUNDE"],
            femaleNames: ["NGOZI", "FUNMILAYO", "AISHA", "CHIOMA", "BLESSING"],
            neighbours: ["POL"]
        ),
        .init(
            code: "XXA", weight: 0.2,
            surnames: ["IVANOV", "KARIMOV", "HASSAN"],
            maleNames: ["ALEKSEI", "RUSTAM", "OMAR"],
            femaleNames: ["OLGA", "DILNOZA", "LAILA"],
            neighbours: ["MDA", "POL"]
        ),
    ]

    /// A generated traveller: the person and their passport fields (the MRZ is made by the caller).
    public struct Traveller: Sendable {
        public var person: Person
        public var documentNumber: String
        public var documentCode: String
        public var expiryDate: String
        /// Neighbour states whose crossing points this traveller tends to use.
        public var neighbours: [String]
    }

    /// `count` travellers, deterministic for a seed; persons are created by `agencyId` at `now`.
    public static func travellers(count: Int, seed: UInt64, agencyId: UUID, now: Date) -> [Traveller] {
        var rng = SeededGenerator(seed: seed)
        let cumulative = nationalities.map(\.weight).cumulative()
        let calendar = Calendar.utc
        let currentYear = calendar.component(.year, from: now)
        var result: [Traveller] = []
        result.reserveCapacity(count)
        var usedNumbers = Set<String>()
        for _ in 0..<count {
            let nationality = nationalities[rng.weighted(cumulative)]
            let female = Bool.random(using: &rng)
            let sex = female ? "F" : "M"
            let givenPool = female ? nationality.femaleNames : nationality.maleNames
            var given = givenPool.randomElement(using: &rng) ?? "ALEX"
            if Double.random(in: 0..<1, using: &rng) < 0.15, let second = givenPool.randomElement(using: &rng),
                second != given
            {
                given += " " + second
            }
            var surname = nationality.surnames.randomElement(using: &rng) ?? "DOE"
            // Slavic feminine surname forms where the language has them.
            if female, ["UKR", "XXA"].contains(nationality.code), surname.hasSuffix("OV") { surname += "A" }
            if female, nationality.code == "POL", surname.hasSuffix("SKI") {
                surname = String(surname.dropLast()) + "A"
            }
            let year = Int.random(in: 1945...(currentYear - 1), using: &rng)
            let month = Int.random(in: 1...12, using: &rng)
            let day = Int.random(in: 1...28, using: &rng)
            let birth = String(format: "%04d-%02d-%02d", year, month, day)
            var number: String
            repeat {
                let letters = (0..<2).map { _ in String(UnicodeScalar(UInt8.random(in: 65...90, using: &rng))) }.joined()
                number = letters + String(format: "%07d", Int.random(in: 0..<10_000_000, using: &rng))
            } while !usedNumbers.insert(number + nationality.code).inserted
            // Most passports valid; some expired, to make the expiry check show something.
            let expiryYear = currentYear + Int.random(in: -1...9, using: &rng)
            let expiry = String(format: "%04d-%02d-%02d", expiryYear, Int.random(in: 1...12, using: &rng), Int.random(in: 1...28, using: &rng))
            let person = Person(
                id: UUID(uuid: randomUUIDBytes(&rng)), surname: surname, givenNames: given, birthDate: birth, sex: sex,
                nationality: nationality.code, createdByAgency: agencyId, createdAt: now
            )
            result.append(
                Traveller(
                    person: person, documentNumber: number, documentCode: "P", expiryDate: expiry,
                    neighbours: nationality.neighbours
                )
            )
        }
        return result
    }

    /// A version-4 UUID from the seeded generator (deterministic demo ids).
    public static func randomUUIDBytes(_ rng: inout SeededGenerator) -> uuid_t {
        let a = rng.next()
        let b = rng.next()
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: a >> (8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: b >> (8 * $0)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
            bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        )
    }
}
