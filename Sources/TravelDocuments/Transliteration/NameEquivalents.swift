/// Given names that are the same name in Ukrainian, Russian and Belarusian (Олександр / Александр / Аляксандр),
/// so that screening finds OLEKSANDR under ALEKSANDR. A name-form equivalence, not a transliteration: each
/// group lists the Cyrillic forms, and a few Latin forms found in Western records.
enum NameEquivalents {
    static let groups: [[String]] = [
        ["Олександр", "Александр", "Аляксандр", "ALEXANDER", "ALEXANDRE"],
        ["Олексій", "Алексей", "Аляксей", "ALEXEI", "ALEXEY"],
        ["Андрій", "Андрей", "Андрэй", "ANDREW", "ANDREAS"],
        ["Сергій", "Сергей", "Сяргей", "SERGIY", "SERGEY"],
        ["Дмитро", "Дмитрий", "Дзмітрый", "DMITRY"],
        ["Володимир", "Владимир", "Уладзімір", "WLADIMIR"],
        ["Микола", "Николай", "Мікалай", "NIKOLAI"],
        ["Михайло", "Михаил", "Міхаіл", "MICHAEL", "MIKHAIL"],
        ["Петро", "Пётр", "Пятро", "PETER"],
        ["Павло", "Павел", "Павал", "PAUL"],
        ["Василь", "Василий", "Васіль", "VASILY"],
        ["Григорій", "Григорий", "Рыгор", "GREGORY"],
        ["Євген", "Евгений", "Яўген", "YEVGENIY", "EUGEN"],
        ["Віктор", "Виктор", "Віктар"],
        ["Анатолій", "Анатолий", "Анатоль"],
        ["Юрій", "Юрий", "Юрый", "YURI", "JURIJ"],
        ["Ігор", "Игорь", "Ігар"],
        ["Олег", "Олег", "Алег"],
        ["Богдан", "Богдан", "Багдан"],
        ["Костянтин", "Константин", "Канстанцін", "KONSTANTIN"],
        ["Вадим", "Вадим", "Вадзім"],
        ["Віталій", "Виталий", "Віталь"],
        ["Валерій", "Валерий", "Валерый"],
        ["Федір", "Фёдор", "Фёдар", "FEDOR", "FYODOR"],
        ["Степан", "Степан", "Сцяпан", "STEPHAN"],
        ["Ярослав", "Ярослав", "Яраслаў"],
        ["Станіслав", "Станислав", "Станіслаў"],
        ["В'ячеслав", "Вячеслав", "Вячаслаў"],
        ["Роман", "Роман", "Раман"],
        ["Максим", "Максим", "Максім"],
        ["Артем", "Артём", "Арцём"],
        ["Денис", "Денис", "Дзяніс"],
        ["Ілля", "Илья", "Ілья"],
        ["Яків", "Яков", "Якаў"],
        ["Леонід", "Леонид", "Леанід"],
        ["Олена", "Елена", "Алена", "HELENA"],
        ["Ольга", "Ольга", "Вольга"],
        ["Наталія", "Наталья", "Наталля", "NATALIA", "NATALYA"],
        ["Тетяна", "Татьяна", "Таццяна", "TATYANA"],
        ["Катерина", "Екатерина", "Кацярына", "EKATERINA"],
        ["Ірина", "Ирина", "Ірына"],
        ["Людмила", "Людмила", "Людміла"],
        ["Галина", "Галина", "Галіна"],
        ["Світлана", "Светлана", "Святлана"],
        ["Марія", "Мария", "Марыя", "MARIA"],
        ["Ганна", "Анна", "Ганна"],
        ["Юлія", "Юлия", "Юлія", "JULIA", "YULIA"],
        ["Оксана", "Оксана", "Аксана"],
        ["Валентина", "Валентина", "Валянціна"],
        ["Надія", "Надежда", "Надзея"],
        ["Любов", "Любовь", "Любоў"],
        ["Віра", "Вера", "Вера"],
        ["Софія", "София", "Сафія", "SOFIA", "SOPHIA"],
        ["Єлизавета", "Елизавета", "Елізавета"],
        ["Дарія", "Дарья", "Дар'я", "DARIA"],
        ["Анастасія", "Анастасия", "Анастасія", "ANASTASIA"],
        ["Вікторія", "Виктория", "Вікторыя", "VIKTORIA"],
    ]

    /// For each group, all spellings of all its members under every scheme (deduplicated, stable order).
    static let spellings: [[String]] = groups.map { members in
        var seen = Set<String>()
        var list: [String] = []
        var buffer: [UInt8] = []
        for member in members {
            let scalars = member.unicodeScalars.map(\.value)
            for scheme in CyrillicScheme.allCases {
                buffer.removeAll(keepingCapacity: true)
                Transliteration.renderWord(scalars, scheme: scheme, into: &buffer)
                let spelling = String(decoding: buffer, as: UTF8.self)
                if !spelling.isEmpty, seen.insert(spelling).inserted { list.append(spelling) }
                if scalars.allSatisfy({ $0 < 0x80 }) { break }  // a Latin member is one spelling
            }
        }
        return list
    }

    /// Spelling → group, for every spelling of every group (the first group wins on a clash).
    static let index: [String: Int] = {
        var index: [String: Int] = [:]
        for (group, list) in spellings.enumerated() {
            for spelling in list where index[spelling] == nil { index[spelling] = group }
        }
        return index
    }()
}
