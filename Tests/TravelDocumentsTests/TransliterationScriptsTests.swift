import Testing
import TravelDocuments

/// Scripts beyond Latin and Cyrillic, and the Cyrillic letters of other languages. Each table names the rule
/// and where it is written; the expected values apply the standard by hand.
@Suite("Transliteration of other scripts")
struct TransliterationScriptsTests {
    @Test("Arabic, ICAO 9303 Part 3 §6 table C and Appendix B", arguments: [
        // Table C: the reversible X-escape forms, letter by letter (ح XH, ط XTT).
        ("محمد", "MXHMD"), ("أحمد", "XAEXHMD"),
        // Hamza seats: إ I, ؤ U, ئ XI (the old table gave XI, XOE, XYE).
        ("إبراهيم", "IBRAHYM"), ("مؤمن", "MUMN"), ("هائل", "HAXIL"),
        // Teh marbuta: XAH at the end of a name component, XTA elsewhere (App. B.5.5).
        ("فاطمة", "FAXTTMXAH"), ("فاطمة الزهراء", "FAXTTMXAH ALZHRAXE"), ("ةب", "XTAB"),
        // Shadda doubles the letter it sits on; short-vowel signs are not encoded.
        ("عبّاس", "EBBAS"), ("مُحَمَّد", "MXHMMD"),
        // Alef wasla and alef maksura.
        ("ٱ", "XXA"), ("موسى", "MWSXAY"),
        // Persian, Urdu and Pashto letters (table C, second part): پ P, چ XC, ژ XJ, ک XKK, گ XGG, ی XYA.
        ("پرویز", "PRWXYAZ"), ("چنگیز", "XCNXGGXYAZ"), ("ژاله", "XJALH"), ("کریم", "XKKRXYAM"),
        // Presentation forms are read as their letters (ﻻ = ل + ا).
        ("ﻻ", "LA"),
    ])
    func arabic(input: String, expected: String) throws {
        #expect(try Transliteration.latin(input) == expected)
    }

    @Test("Greek, ELOT 743 (ISO 843 type 2), which Greek passports follow", arguments: [
        // ου → OU, never OY.
        ("ΠΑΠΑΔΟΠΟΥΛΟΣ", "PAPADOPOULOS"), ("Αυγουστίνος", "AVGOUSTINOS"),
        // αυ/ευ/ηυ: V before a vowel or β γ δ ζ λ μ ν ρ, F before θ κ ξ π σ τ φ χ ψ and at the end.
        ("Ευάγγελος", "EVANGELOS"), ("Ευθύμιος", "EFTHYMIOS"), ("Σταύρος", "STAVROS"), ("Ναύπλιο", "NAFPLIO"),
        ("Παύλος", "PAVLOS"),
        // γγ NG, γξ NX, γχ NCH; γκ GK and ντ NT keep their letters.
        ("Αγχίαλος", "ANCHIALOS"), ("Γκίκας", "GKIKAS"), ("Ντίνος", "NTINOS"),
        // μπ: B at the start (or end) of a word, MP inside.
        ("Μπακογιάννης", "BAKOGIANNIS"), ("Κάμπος", "KAMPOS"), ("Λάμπρος", "LAMPROS"),
        // A diaeresis breaks a pair; accents are dropped; final sigma is S.
        ("Ταΰγετος", "TAYGETOS"), ("Χρήστος", "CHRISTOS"), ("ΑΘΗΝΑ", "ATHINA"),
    ])
    func greek(input: String, expected: String) throws {
        #expect(try Transliteration.latin(input) == expected)
    }

    @Test("Hebrew, Academy of the Hebrew Language 2006 (simplified)", arguments: [
        // Pointed: vowels from the points; ש with the sin dot is S; a final ה after a vowel is silent.
        ("דָּוִד", "DAVID"), ("שָׂרָה", "SARA"), ("יִצְחָק", "YITSHAK"), ("מֹשֶׁה", "MOSHE"),
        // Unpointed: consonants, ב כ פ hard at the start of a word, vowel letters read, א and ע silent.
        ("כהן", "KHN"), ("יוסף", "YOSF"), ("אברהם", "VRHM"), ("בנימין", "BNIMIN"),
    ])
    func hebrew(input: String, expected: String) throws {
        #expect(try Transliteration.latin(input) == expected)
    }

    @Test("Armenian, BGN/PCGN 1981 without apostrophes, as Armenian passports spell", arguments: [
        ("ՀՈՎՀԱՆՆԻՍՅԱՆ", "HOVHANNISYAN"), ("Խաչատրյան", "KHACHATRYAN"),
        // Ե → YE and Ո → VO at the start of a word; ՈՒ → U; և → YEV / EV.
        ("Երևան", "YEREVAN"), ("Ոսկան", "VOSKAN"), ("Գևորգ", "GEVORG"), ("Ուրարտու", "URARTU"),
    ])
    func armenian(input: String, expected: String) throws {
        #expect(try Transliteration.latin(input) == expected)
    }

    @Test("Georgian, national system 2002 (ejectives' apostrophes dropped)", arguments: [
        ("სააკაშვილი", "SAAKASHVILI"), ("ჯუღაშვილი", "JUGHASHVILI"), ("ცხადაძე", "TSKHADADZE"), ("ნინო", "NINO"),
        // Mtavruli capitals read as Mkhedruli.
        ("ᲜᲘᲜᲝ", "NINO"),
    ])
    func georgian(input: String, expected: String) throws {
        #expect(try Transliteration.latin(input) == expected)
    }

    @Test("Cyrillic letters of other languages are not dropped", arguments: [
        // ICAO 9303 Part 3 §6: Ѫ U, Ѵ Y, Ғ G (Kazakh, Tajik).
        ("Ѫ", "U"), ("ѵ", "Y"), ("Ғалым", "GALYM"),
        // Kazakh and Tajik passport practice without diacritics.
        ("Қасым-Жомарт Тоқаев", "KASYM ZHOMART TOKAEV"), ("Ҳасан", "KHASAN"), ("Ҷамшед", "JAMSHED"),
        ("Әлихан Бөкейхан", "ALIKHAN BOKEIKHAN"),
    ])
    func cyrillicExtended(input: String, expected: String) throws {
        #expect(try Transliteration.latin(input) == expected)
    }

    @Test("A name that cannot be transliterated is reported, never emptied")
    func untransliterable() {
        // No supported script: every letter missing.
        #expect(throws: TransliterationError.self) { try Transliteration.latin("王小明") }
        do {
            _ = try Transliteration.latin("Anna 王")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .lettersWithoutLatinForm)
            #expect(error.count == 1 && error.letterCount == 5 && error.position == 5)
            #expect(error.partial == "ANNA")
        }
        // A letter ICAO 9303 table C leaves out.
        #expect(throws: TransliterationError.self) { try Transliteration.latin("ڤيكتور") }
        // Not letters: apostrophes, digits, punctuation, Arabic vowel signs.
        #expect(throws: Never.self) { try Transliteration.latin("O'Brien-Smith 2nd") }
        #expect(throws: Never.self) { try Transliteration.latin("") }
    }

    @Test("Every script's output is A-Z and single spaces, for any scalar", arguments: [
        UInt32(0x370)..<0x400, 0x400..<0x530, 0x530..<0x600, 0x590..<0x600, 0x600..<0x700, 0x10A0..<0x1100,
        0x1C90..<0x1CC0, 0x1F00..<0x2000, 0xFB00..<0xFF00,
    ])
    func anyScalar(range: Range<UInt32>) {
        var text = ""
        for value in range { if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) } }
        for chunk in [text, String(text.reversed()), text.replacingOccurrences(of: "\u{651}", with: "\u{651}\u{651}")] {
            let output = Transliteration.transliterate(chunk, standard: .icao9303)
            #expect(output.utf8.allSatisfy { (0x41...0x5A).contains($0) || $0 == 0x20 })
        }
    }
}
