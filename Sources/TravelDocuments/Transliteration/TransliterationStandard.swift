/// A system for writing a name from another script in the Latin letters of an MRZ.
///
/// Raw values are the short names the CLI (`kordon translit --standard`) and the API use.
public enum TransliterationStandard: String, CaseIterable, Sendable, Codable {
    /// ICAO Doc 9303 Part 3 §6: the recommended tables for Latin multinational characters, Cyrillic and Arabic
    /// (Cyrillic: Ж ZH, Х KH, Ц TS, Ч CH, Ш SH, Щ SHCH, Ъ IE, Ы Y, Ю IU, Я IA, Ё E, Й I, Ь omitted). Doc 9303 has
    /// no Greek, Hebrew, Armenian or Georgian table; for those every standard uses the national system
    /// (ELOT 743, Academy of the Hebrew Language 2006, BGN/PCGN 1981 Armenian, Georgian national 2002).
    case icao9303 = "icao"

    /// Ukraine: Resolution of the Cabinet of Ministers No. 55 of 27 January 2010, with its positional rules
    /// (Є Ї Й Ю Я give Ye Yi Y Yu Ya at the start of a word and ie i i iu ia elsewhere; Г H, Ґ G; зг → zgh;
    /// soft sign and apostrophe not rendered).
    case ukrainian2010 = "ua2010"

    /// Russian Federation passports since 2014 (FMS order No. 320 of 15 October 2012, in force 2014), which
    /// adopted the ICAO 9303 Cyrillic table; letters outside Russian fall back to ICAO 9303.
    case russianPassport = "ru"

    /// Republic of Belarus passport practice: Г H, Ў U, Х KH, Ц TS, Ч CH, Ш SH, Ж ZH; iotated vowels as
    /// YA/YE/YO/YU at the start of a word and IA/IO/IU after a consonant; ый at the end → Y
    /// (Аляксандр ALIAKSANDR, Сяргей SIARHEI, Юрый YURY, Вольга VOLHA).
    case belarusianPassport = "by"
}
