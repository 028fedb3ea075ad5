import Foundation
import Hummingbird

/// The console's words in Ukrainian and English (issue 16 item 5: Ukrainian first). Templates read
/// them as `{{t.key}}`; view code as `text[key]`. The officer's choice is remembered in a cookie;
/// without one, `Accept-Language` decides, and Ukrainian wins a tie.
struct ConsoleText: Sendable {
    enum Language: String, Sendable, CaseIterable { case uk, en }

    let language: Language

    subscript(_ key: String) -> String {
        Self.catalogue[key].map { language == .uk ? $0.uk : $0.en } ?? key
    }

    /// The word for `key`, or nil when the catalogue has none (the caller falls back to the data itself).
    func phrase(_ key: String) -> String? {
        Self.catalogue[key].map { language == .uk ? $0.uk : $0.en }
    }

    /// An alert category's tag (`entry_ban` → "ЗАБОРОНА В'ЇЗДУ").
    func category(_ code: String) -> String { phrase("cat_\(code)") ?? code.uppercased() }

    /// Every word, keyed; both languages for each (a test checks none is missing).
    var all: [String: String] { Self.catalogue.mapValues { language == .uk ? $0.uk : $0.en } }

    static let cookieName = "kordon_lang"

    /// The officer's language: his remembered choice, else the first of `Accept-Language` we speak.
    static func language(for request: Request) -> Language {
        if let chosen = request.cookies[cookieName].flatMap({ Language(rawValue: $0.value) }) { return chosen }
        let header = request.headers[.acceptLanguage] ?? ""
        for part in header.split(separator: ",") {
            let tag = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            if tag.hasPrefix("uk") { return .uk }
            if tag.hasPrefix("en") { return .en }
        }
        return .uk
    }

    static let catalogue: [String: (uk: String, en: String)] = baseCatalogue.merging(registerCatalogue) { first, _ in first }
        .merging(shiftCatalogue) { first, _ in first }
        .merging(biometricsCatalogue) { first, _ in first }

    static let baseCatalogue: [String: (uk: String, en: String)] = [
        "skip": ("Перейти до змісту", "Skip to main content"),
        "brandSub": ("Консоль прикордонника", "Border console"),
        "crossingPoint": ("Пункт пропуску", "Crossing point"),
        "set": ("Обрати", "Set"),
        "signOut": ("Вийти", "Sign out"),
        "footer": ("Kordon · кожен доступ до персональних даних записується", "Kordon · every access to personal data is recorded"),
        "language": ("English", "Українська"),
        "navCheck": ("Перевірка", "Check"),
        "navQueue": ("Друга лінія", "Second line"),
        "navOverstayers": ("Порушники строків", "Overstayers"),
        "navFlights": ("Рейси", "Flights"),
        "signinTitle": ("Вхід", "Sign in"),
        "signinHelp": (
            "Вставте свій API-токен (ви отримуєте його самі за кодом реєстрації від адміністратора вашого відомства).",
            "Paste your API token (you take it yourself with the enrolment code your agency administrator gives you)."
        ),
        "apiToken": ("API-токен", "API token"),
        "error": ("Помилка", "Error"),
        "done": ("Готово", "Done"),
        "checkTitle": ("Перевірка на кордоні", "Border check"),
        "mrzLabel": ("Машинозчитувана зона", "Machine readable zone"),
        "mrzHint": ("скануйте або вставте 2–3 рядки", "scan, or paste 2–3 lines"),
        "mrzHelp": (
            "Останній Enter сканера надсилає форму, коли всі рядки зчитано.",
            "A scanner's final Enter submits once all lines are read."
        ),
        "direction": ("Напрямок", "Direction"),
        "entry": ("В'їзд", "Entry"),
        "exit": ("Виїзд", "Exit"),
        "plate": ("Номерний знак", "Vehicle plate"),
        "optional": ("необов'язково", "optional"),
        "checkButton": ("Перевірити", "Check"),
        "manualSummary": ("Зону не зчитано? Введіть дані вручну", "Zone unreadable? Type the data by hand"),
        "manualButton": ("Перевірити введені дані", "Check typed data"),
        "noTraveller": ("Ще нікого не перевірено", "No traveller checked yet"),
        "noTravellerHelp": ("Скануйте документ. Картка рішення з'явиться тут.", "Scan the document. The decision card appears here."),
        "admit": ("Впустити", "Admit"),
        "letLeave": ("Випустити", "Let leave"),
        "refer": ("На другу лінію", "Refer to second line"),
        "checked": ("Перевірено", "Checked"),
        "point": ("Пункт", "Point"),
        "traveller": ("Особа", "Traveller"),
        "stay": ("Перебування", "Stay"),
        "nationality": ("Громадянство", "Nationality"),
        "sex": ("Стать", "Sex"),
        "born": ("Народження", "Born"),
        "document": ("Документ", "Document"),
        "expires": ("Дійсний до", "Expires"),
        "expired": ("ПРОСТРОЧЕНИЙ", "EXPIRED"),
        "daysUsed": ("днів використано", "days used"),
        "daysRemaining": ("днів залишилось", "days remaining"),
        "mustLeaveBy": ("Має виїхати до", "Must leave by"),
        "overstay": ("Перевищення", "Overstay"),
        "noAuthorisation": ("НЕМАЄ ПІДСТАВ ДЛЯ ПЕРЕБУВАННЯ", "NO AUTHORISATION TO STAY"),
        "reasons": ("Підстави", "Reasons"),
        "hits": ("Збіги", "Hits"),
        "timeline": ("Хронологія", "Timeline"),
        "statusClear": ("ПРОПУСТИТИ", "CLEAR"),
        "statusRefer": ("НА ДРУГУ ЛІНІЮ", "REFER"),
        "statusSerious": ("НА ДРУГУ ЛІНІЮ — СЕРЙОЗНО", "REFER — SERIOUS"),
        "statusConfirmed": ("ПІДСТАВИ ДЛЯ ВІДМОВИ ПІДТВЕРДЖЕНО", "REFUSAL GROUNDS CONFIRMED"),
        "hintClearEntry": ("Збігів немає; документ дійсний; перебування дозволене.", "No hits; document valid; stay authorised."),
        "hintClearExit": ("Збігів немає; документ дійсний; особа може виїхати.", "No hits; document valid; the traveller may leave."),
        "hintRefer": ("Направте особу на другу лінію.", "Send the traveller to second line."),
        "referred": ("Направлено на другу лінію", "Referred to second line"),
        "reviewTitle": ("Розгляд перевірки", "Review check"),
        "goToDecision": ("До рішення", "Go to decision"),
        "backToQueue": ("До черги", "Back to queue"),
        "decision": ("Рішення", "Decision"),
        "refusalForm": ("Бланк відмови (друк)", "Refusal form (print)"),
        "outcome": ("Результат", "Outcome"),
        "justification": (
            "Обґрунтування пропуску попри підтверджений збіг", "Justification for admitting despite the confirmed hit"
        ),
        "justificationHint": ("щонайменше 20 символів; записується і повідомляється", "20 characters or more; audited and reported"),
        "note": ("Примітка", "Note"),
        "noteHint": ("вноситься до бланка відмови; її бачить особа", "stated on the refusal form; visible to the traveller"),
        "recordDecision": ("Записати рішення", "Record decision"),
    ]
}
