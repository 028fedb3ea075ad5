import Testing
import TravelDocuments

@Suite("Transliteration")
struct TransliterationTests {
    @Test("ICAO 9303 Part 3 §6 vectors (letters and words)",
          arguments: TranslitVector.icao.filter { $0.standard == "ICAO-9303-P3" })
    func icao(vector: TranslitVector) {
        #expect(Transliteration.transliterate(vector.input, standard: .icao9303) == vector.expected)
    }

    @Test("ICAO 9303 MRZ name-field form", arguments: TranslitVector.icao.filter { $0.standard == "ICAO-9303-P3-MRZ" })
    func icaoMRZ(vector: TranslitVector) {
        #expect(Transliteration.mrzName(vector.input, standard: .icao9303) == vector.expected)
    }

    @Test("Ukrainian KMU 55/2010 vectors (upper-case MRZ form)", arguments: TranslitVector.ukrainian)
    func ukrainian(vector: TranslitVector) {
        #expect(Transliteration.transliterate(vector.input, standard: .ukrainian2010) == vector.expected.uppercased())
    }

    @Test("Vector files are found")
    func filesFound() {
        #expect(TranslitVector.icao.count == 54)
        #expect(TranslitVector.ukrainian.count == 76)
    }

    @Test("Russian and Belarusian passport practice", arguments: [
        // Russian passports since 2014 follow the ICAO 9303 table.
        ("Дмитрий", TransliterationStandard.russianPassport, "DMITRII"),
        ("Юлия Щукина", .russianPassport, "IULIIA SHCHUKINA"),
        ("Артём", .russianPassport, "ARTEM"),
        // Belarusian passports: Г H, Ў U, iotated vowels Y- at the start and I- after a consonant, ый → Y.
        ("Аляксандр", .belarusianPassport, "ALIAKSANDR"),
        ("Сяргей", .belarusianPassport, "SIARHEI"),
        ("Юрый", .belarusianPassport, "YURY"),
        ("Дзмітрый", .belarusianPassport, "DZMITRY"),
        ("Вольга", .belarusianPassport, "VOLHA"),
        ("Яўген", .belarusianPassport, "YAUHEN"),
        ("Лукашэвіч", .belarusianPassport, "LUKASHEVICH"),
    ])
    func passportPractice(input: String, standard: TransliterationStandard, expected: String) {
        #expect(Transliteration.transliterate(input, standard: standard) == expected)
    }

    @Test("Output is only A-Z and single spaces, never leading or trailing", arguments: [
        "  Anna -- Maria  ", "O'Brien", "Ж-Ж", "123", "", "ŁÓDŹ", "Ἀθῆναι", "محمد", "<<<", "a\u{301}",
    ])
    func outputAlphabet(input: String) {
        for standard in TransliterationStandard.allCases {
            let output = Transliteration.transliterate(input, standard: standard)
            #expect(output.utf8.allSatisfy { (0x41...0x5A).contains($0) || $0 == 0x20 })
            #expect(!output.hasPrefix(" ") && !output.hasSuffix(" ") && !output.contains("  "))
        }
    }

    @Test("Latin diacritics per the ICAO table", arguments: [
        ("Łukasz Żółć", "LUKASZ ZOLC"), ("François", "FRANCOIS"), ("Nguyễn", "NGUYEN"),
    ])
    func otherScripts(input: String, expected: String) {
        #expect(Transliteration.transliterate(input, standard: .icao9303) == expected)
    }

    @Test("Standards have stable raw values for the CLI and API")
    func rawValues() {
        #expect(TransliterationStandard.allCases.map(\.rawValue) == ["icao", "ua2010", "ru", "by"])
    }
}

@Suite("Latin variants for screening")
struct LatinVariantsTests {
    @Test("Spellings of the same Cyrillic name under other systems are found", arguments: [
        ("OLEKSANDR", ["OLEKSANDR", "OLEXANDR", "ALEKSANDR", "ALIAKSANDR"]),
        ("Олександр", ["OLEKSANDR", "OLEXANDR", "ALEKSANDR", "ALIAKSANDR"]),
        ("SHEVCHENKO", ["SHEVCHENKO", "SCHEWTSCHENKO", "CHEVTCHENKO", "SZEWCZENKO"]),
        ("SCHEWTSCHENKO", ["SHEVCHENKO", "CHEVTCHENKO"]),
        ("Szewczenko", ["SHEVCHENKO", "SCHEWTSCHENKO"]),
        ("Шевченко", ["SHEVCHENKO", "SCHEWTSCHENKO", "CHEVTCHENKO", "SZEWCZENKO"]),
        // Romanian (Moldovan) and Turkish documents, diacritics dropped.
        ("Шевченко", ["SEVCENCO", "SEVCENKO"]), ("Чорновол", ["CIORNOVOL"]), ("Хмельницький", ["HMELNITSKIY"]),
        ("ANDRII", ["ANDRIY", "ANDREI", "ANDREY", "ANDRIJ"]),
        ("YURIY", ["IURII", "YURII", "YURY", "JURIJ"]),
        ("OLHA", ["OLGA", "VOLHA"]),
        ("SERHII", ["SERGEI", "SERGEY", "SIARHEI"]),
        ("Юлія Тимошенко", ["YULIIA TYMOSHENKO"]),
    ])
    func variants(name: String, expected: [String]) {
        let variants = Transliteration.latinVariants(of: name)
        for spelling in expected { #expect(variants.contains(spelling), "\(spelling) not in \(variants.sorted())") }
    }

    @Test("The input's own normalised form is included", arguments: ["Müller", "O'Neil", "van der Berg", "KIM"])
    func includesInput(name: String) {
        let variants = Transliteration.latinVariants(of: name)
        #expect(variants.contains(Transliteration.transliterate(name, standard: .icao9303)))
    }

    @Test("Variants are bounded, upper-case A-Z and spaces, and symmetric for a name and its variants")
    func bounded() {
        let long = String(repeating: "Олександр Шевченко ", count: 20)
        for name in ["", "   ", long, "ANDRII SERHII OLEKSANDR DMYTRO", String(repeating: "X", count: 500)] {
            let variants = Transliteration.latinVariants(of: name)
            #expect(variants.count <= Transliteration.maximumVariantCount)
            for spelling in variants {
                #expect(spelling.utf8.allSatisfy { (0x41...0x5A).contains($0) || $0 == 0x20 })
            }
        }
        #expect(Transliteration.latinVariants(of: "").isEmpty)
        // A variant leads back: SCHEWTSCHENKO's variants include SHEVCHENKO and vice versa.
        #expect(Transliteration.latinVariants(of: "SCHEWTSCHENKO").contains("SHEVCHENKO"))
        #expect(Transliteration.latinVariants(of: "SHEVCHENKO").contains("SCHEWTSCHENKO"))
    }
}
