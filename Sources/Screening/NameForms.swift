/// Ukrainian, Russian and Belarusian forms of one given name.
///
/// Agencies often record the Russian form of a Ukrainian or Belarusian name (Александр for
/// Олександр / Аляксандр, Николай for Микола / Мікалай), while the traveller's passport carries the
/// national form. Those are not spelling variants: no edit distance makes `MYKOLA` and `NIKOLAI` or
/// `VOLODYMYR` and `ULADZIMIR` close. This table links them; matching through it is explained as
/// "name form". Each row: Ukrainian, Russian, Belarusian (and other common forms), and where it differs, the
/// form Moldovan documents give in Romanian spelling (Iurie, Serghei, Nicolae): Moldova's passports write a
/// Slavic name that way, while a Russian-language notice or a Soviet-era record has Юрий, Сергей, Николай.
/// Not Alexandru: the commonest given name on either side, so the link found namesakes, not people (on the
/// evaluation sets of issue 14 it added one false hit and no true one).
enum NameForms {
    static let rows: [[String]] = [
        // male
        ["Олександр", "Александр", "Аляксандр"], ["Олексій", "Алексей", "Аляксей"],
        ["Сергій", "Сергей", "Сяргей", "Serghei"], ["Андрій", "Андрей", "Андрэй"], ["Дмитро", "Дмитрий", "Дзмітрый", "Dumitru"],
        ["Володимир", "Владимир", "Уладзімір"], ["Іван", "Иван", "Янка"], ["Микола", "Николай", "Мікалай", "Nicolae"],
        ["Юрій", "Юрий", "Юрый", "Iurie"], ["Георгій", "Георгий", "Георгі", "Gheorghe"], ["Віктор", "Виктор", "Віктар"], ["Василь", "Василий", "Васіль", "Vasile"],
        ["Михайло", "Михаил", "Міхаіл", "Міхась", "Mihail"], ["Петро", "Пётр", "Петр", "Пятро", "Petru"], ["Павло", "Павел", "Павал"],
        ["Григорій", "Григорий", "Рыгор", "Grigore"], ["Євген", "Евгений", "Яўген"], ["Олег", "Олег", "Алег"],
        ["Ігор", "Игорь", "Ігар"], ["Анатолій", "Анатолий", "Анатоль", "Anatolie"], ["Костянтин", "Константин", "Канстанцін", "Constantin"],
        ["Максим", "Максим", "Максім"], ["Роман", "Роман", "Раман"], ["Віталій", "Виталий", "Віталь", "Vitalie"],
        ["Валентин", "Валентин", "Валянцін"], ["Валерій", "Валерий", "Валерый", "Valeriu"], ["Леонід", "Леонид", "Леанід"],
        ["Федір", "Фёдор", "Федор", "Фёдар"], ["Яків", "Яков", "Якаў"], ["Ілля", "Илья", "Ілья"],
        ["Степан", "Степан", "Сцяпан"], ["Семен", "Семён", "Семен", "Сямён"], ["Кирило", "Кирилл", "Кірыла"],
        ["Данило", "Даниил", "Данііл", "Данила"], ["Тимофій", "Тимофей", "Цімафей"], ["Артем", "Артём", "Арцём"],
        ["Денис", "Денис", "Дзяніс"], ["Вадим", "Вадим", "Вадзім"], ["Станіслав", "Станислав", "Станіслаў"],
        ["Вʼячеслав", "Вячеслав", "Вячаслаў"], ["Ярослав", "Ярослав", "Яраслаў"], ["Борис", "Борис", "Барыс"],
        ["Геннадій", "Геннадий", "Генадзь"], ["Аркадій", "Аркадий", "Аркадзь"], ["Матвій", "Матвей", "Мацвей"],
        ["Тарас", "Тарас", "Тарас"], ["Богдан", "Богдан", "Багдан"], ["Захар", "Захар", "Захар"],
        ["Ілько", "Илья"], ["Лев", "Лев", "Леў"], ["Омелян", "Емельян", "Амяльян"], ["Остап", "Евстафий", "Астап"],
        // female
        ["Олена", "Елена", "Алена", "Ольона"], ["Ольга", "Ольга", "Вольга"], ["Наталія", "Наталья", "Наталля", "Наталия"],
        ["Тетяна", "Татьяна", "Таццяна"], ["Ірина", "Ирина", "Ірына"], ["Світлана", "Светлана", "Святлана"],
        ["Юлія", "Юлия", "Юлія"], ["Катерина", "Екатерина", "Кацярына", "Ecaterina"], ["Марія", "Мария", "Марыя"],
        ["Ганна", "Анна", "Ганна"], ["Людмила", "Людмила", "Людміла"], ["Валентина", "Валентина", "Валянціна"],
        ["Галина", "Галина", "Галіна"], ["Надія", "Надежда", "Надзея"], ["Любов", "Любовь", "Любоў"],
        ["Оксана", "Оксана", "Аксана"], ["Віра", "Вера", "Вера"], ["Лариса", "Лариса", "Ларыса"],
        ["Анастасія", "Анастасия", "Анастасія"], ["Дарина", "Дарья", "Дар'я", "Дарʼя"], ["Вікторія", "Виктория", "Вікторыя"],
        ["Софія", "София", "Сафія", "Софья"], ["Раїса", "Раиса", "Раіса"], ["Єлизавета", "Елизавета", "Елізавета"],
        ["Євгенія", "Евгения", "Яўгенія"], ["Валерія", "Валерия", "Валерыя"], ["Ксенія", "Ксения", "Ксенія"],
        ["Поліна", "Полина", "Паліна"], ["Аліна", "Алина", "Аліна"], ["Алла", "Алла", "Ала"],
        ["Антоніна", "Антонина", "Антаніна"], ["Зінаїда", "Зинаида", "Зінаіда"], ["Уляна", "Ульяна", "Ульяна"],
    ]

    /// Romanisations of one Arabic (and Turkic, South Asian, Caucasian) name that differ by more than the skeleton
    /// absorbs: vowels written as heard (HUDA/HODA, SAID/SAEED), article and `Abd` forms, `C`/`J` of
    /// Azerbaijani Latin against the Russian-era `DZH`/`J`. Each row: spellings of one name.
    static let latinRows: [[String]] = [
        ["MOHAMMED", "MUHAMMAD", "MOHAMED", "MOHAMAD", "MOHAMMAD", "MUHAMMED", "MUHAMAD", "MAHAMMAD", "MAGOMED", "MOHAMMET"],
        ["AHMED", "AHMAD", "AHMET"], ["HUSSEIN", "HUSSAIN", "HUSAIN", "HUSAYN", "HOSSEIN", "HUSEIN", "HUSEYIN"],
        ["HASSAN", "HASAN"], ["ALI", "ALY"], ["OMAR", "UMAR", "OMER"], ["OSAMA", "USAMA", "OSSAMA"],
        ["YOUSEF", "YOUSSEF", "YUSUF", "YOUSIF", "YOUSSOUF", "YUSEF", "JUSUF"], ["IBRAHIM", "EBRAHIM", "IBRAHEEM", "BRAHIM"],
        ["ABDULLAH", "ABDALLAH", "ABDALLA", "ABDULLA", "ABDELLAH"], ["ABDUL", "ABDEL", "ABDOL", "ABD"],
        ["ABDULRAHMAN", "ABDELRAHMAN", "ABDURRAHMAN", "ABDOLRAHMAN", "ABDERRAHMANE"],
        ["KHALED", "KHALID"], ["KHALIL", "KHALEEL"], ["MAHMOUD", "MAHMOOD", "MAHMUD"],
        ["MUSTAFA", "MOUSTAFA", "MOSTAFA", "MUSTAPHA"], ["SAEED", "SAID", "SAYED", "SAYID", "SAEID"], ["WALEED", "WALID"],
        ["JAMAL", "GAMAL", "DJAMAL"], ["RAED", "RAID", "RAYED"], ["FATIMA", "FATMA", "FATEMA", "FATIMAH"],
        ["AISHA", "AYSHA", "AICHA", "AYESHA"], ["LAYLA", "LEILA", "LAILA", "LEYLA"], ["HUDA", "HODA"], ["NOUR", "NUR", "NOOR"],
        ["YASEEN", "YASIN", "YASSIN", "YASSINE"], ["YASSER", "YASIR", "YASER"], ["TAREK", "TARIQ", "TARIK", "TAREQ"],
        ["ZIAD", "ZIYAD"], ["HAMZA", "HAMZAH"], ["FIRAS", "FERAS"], ["KAREEM", "KARIM"], ["SAMEER", "SAMIR"],
        ["MAJID", "MAJED", "MAJEED"], ["RAMI", "RAMY"], ["NABEEL", "NABIL"], ["ADEL", "ADIL"], ["BILAL", "BELAL"],
        ["AMIR", "AMEER"], ["IMAN", "EMAN"], ["ZAINAB", "ZEINAB", "ZAYNAB"], ["MARYAM", "MARIAM", "MERYEM"],
        ["KHADIJA", "KHADIJAH"], ["AMINA", "AMINAH"], ["SULEIMAN", "SULAIMAN", "SULEYMAN", "SOLIMAN"],
        ["CHOWDHURY", "CHAUDHARY", "CHOUDHURY", "CHOUDHARY", "CHAUDHRY", "CHOUDHRY", "CHAUDHURI"],
        ["UTHMAN", "OSMAN", "OTHMAN", "OSMANE"], ["ISKANDAR", "ISKENDER", "ISGANDAR", "ESKANDAR"],
        ["ISGANDAROV", "ISKENDEROV", "ISKANDAROV"], ["LYU", "LV", "LUE"], ["NYU", "NV"],
        ["JAFAROV", "CAFAROV", "DZHAFAROV"], ["JAVID", "CAVID", "DZHAVID"], ["ORUJOV", "ORUCOV"], ["JAVAD", "CAVAD"],
        ["MAMMADOV", "MAMEDOV", "MAGOMEDOV"], ["HUSEYNOV", "GUSEINOV", "GUSEYNOV"],
        // Давид as Georgian and Armenian passports write it (Დავით, Դավիթ: DAVIT), Ukrainian (Давид: DAVYD), Polish (DAWID).
        ["DAVID", "DAVIT", "DAVYD", "DAWID"],
    ]

    /// Skeleton of any spelling of any form → skeleton of the row's first form (ICAO 9303).
    static let canonical: [String: String] = {
        var table: [String: String] = [:]
        for row in latinRows {
            guard let first = row.first else { continue }
            let representative = NameKey.skeleton(first)
            for spelling in row where table[NameKey.skeleton(spelling)] == nil {
                table[NameKey.skeleton(spelling)] = representative
            }
        }
        for row in rows {
            guard let first = row.first else { continue }
            let representative = NameKey.skeleton(LatinKeys.primary(of: first))
            for form in row {
                for spelling in LatinKeys.spellings(of: form) {
                    let key = NameKey.skeleton(spelling)
                    if table[key] == nil { table[key] = representative }
                }
            }
        }
        return table
    }()

    /// The key a word is indexed and compared under: its row's representative, else its skeleton.
    static func canonicalSkeleton(_ skeleton: String) -> String {
        canonical[skeleton] ?? skeleton
    }
}
