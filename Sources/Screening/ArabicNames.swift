/// Common Arabic given names and name elements in Arabic script with the spelling a Latin document most
/// often gives them. Unvocalised Arabic cannot be romanised letter by letter into what a passport shows
/// (محمد is MHMD letter by letter and MOHAMMED on the document); ICAO Doc 9303 Part 3 Appendix B.1 says
/// the vowels are "added at the discretion of the translator", and name dictionaries are how systems bridge
/// the gap. The Latin form is then matched through `NameForms.latinRows` (MOHAMMED = MUHAMMAD = MOHAMED).
/// Keys are compared after removing vowel signs, shadda and tatweel and unifying alef forms (أ إ آ ٱ → ا),
/// alef maksura (ى → ي) and teh marbuta (ة → ه).
enum ArabicNames {
    static let table: [String: String] = {
        let rows: [(String, String)] = [
            ("محمد", "MOHAMMED"), ("احمد", "AHMED"), ("محمود", "MAHMOUD"), ("مصطفي", "MUSTAFA"), ("علي", "ALI"),
            ("حسن", "HASSAN"), ("حسين", "HUSSEIN"), ("عمر", "OMAR"), ("عثمان", "OTHMAN"), ("خالد", "KHALED"),
            ("خليل", "KHALIL"), ("ابراهيم", "IBRAHIM"), ("يوسف", "YOUSEF"), ("عبدالله", "ABDULLAH"),
            ("عبد", "ABD"), ("عبدالرحمن", "ABDULRAHMAN"), ("سعيد", "SAEED"), ("وليد", "WALID"), ("جمال", "JAMAL"),
            ("طارق", "TAREK"), ("زياد", "ZIAD"), ("حمزه", "HAMZA"), ("فراس", "FIRAS"), ("كريم", "KARIM"),
            ("سمير", "SAMIR"), ("ماجد", "MAJID"), ("نبيل", "NABIL"), ("عادل", "ADEL"), ("بلال", "BILAL"),
            ("امير", "AMIR"), ("ياسين", "YASSIN"), ("ياسر", "YASSER"), ("اسامه", "OSAMA"), ("سليمان", "SULEIMAN"),
            ("رائد", "RAED"), ("فاطمه", "FATIMA"), ("عائشه", "AISHA"), ("ليلي", "LAYLA"), ("هدي", "HUDA"),
            ("نور", "NOUR"), ("ايمان", "IMAN"), ("زينب", "ZAINAB"), ("مريم", "MARYAM"), ("خديجه", "KHADIJA"),
            ("امينه", "AMINA"), ("بن", "BIN"), ("ابن", "IBN"), ("بنت", "BINT"), ("ابو", "ABU"), ("ام", "UMM"),
            ("ال", "AL"), ("الدين", "ALDIN"), ("عبدالعزيز", "ABDULAZIZ"), ("صالح", "SALEH"), ("فيصل", "FAISAL"),
            ("ناصر", "NASSER"), ("منصور", "MANSOUR"), ("رشيد", "RASHID"), ("حامد", "HAMID"), ("سالم", "SALEM"),
            ("مراد", "MURAD"), ("جعفر", "JAFAR"), ("رضا", "REZA"), ("حميد", "HAMID"), ("مهدي", "MAHDI"),
        ]
        var table: [String: String] = [:]
        for (arabic, latin) in rows { table[key(arabic)] = latin }
        return table
    }()

    /// The comparison key of an Arabic-script word (see the type's comment).
    static func key(_ word: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            switch scalar.value {
            case 0x640, 0x64B...0x65F, 0x670: continue
            case 0x622, 0x623, 0x625, 0x671: scalars.append("\u{627}")
            case 0x649, 0x6CC: scalars.append("\u{64A}")
            case 0x629: scalars.append("\u{647}")
            case 0x6A9: scalars.append("\u{643}")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The usual Latin spelling of `word`, also with the article fused (الأحمد → AL + AHMED), or nil.
    static func latin(_ word: String) -> String? {
        let key = key(word)
        if let latin = table[key] { return latin }
        if key.hasPrefix("\u{627}\u{644}"), key.count > 3, let latin = table[String(key.dropFirst(2))] { return "AL" + latin }
        return nil
    }
}
