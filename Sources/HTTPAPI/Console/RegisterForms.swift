import Foundation
import Services
import Store

/// The migration service's forms (issue 11 item 5): one per register, built from a field list so the form, its
/// labels in both languages and the JSON body the API takes stay one thing. A form posts the same body the API
/// takes, through the same service and its validation; an error comes back beside the field it names.
enum RegisterForms {
    struct Field {
        enum Kind { case text, date, number, checkbox, select([(String, String, String)]) }
        /// The body's path (`details.validFrom`, `details.steps.0.kind` for the first step).
        var path: String
        var uk: String
        var en: String
        var kind: Kind = .text
        var required = false
    }

    /// A choice among a register's coded values, each labelled from the catalogue's `val_<code>`.
    static func option(_ values: [String]) -> Field.Kind {
        .select(values.map { value in
            let words = ConsoleText.catalogue["val_\(value)"]
            let plain = value.isEmpty ? "—" : value.replacingOccurrences(of: "_", with: " ")
            return (value, words?.uk ?? plain, words?.en ?? plain)
        })
    }

    static let subject: [Field] = [
        Field(path: "subject.surname", uk: "Прізвище (будь-яким письмом)", en: "Surname (any script)"),
        Field(path: "subject.givenNames", uk: "Ім'я", en: "Given names"),
        Field(path: "subject.birthDate", uk: "Дата народження (РРРР-ММ-ДД, РРРР-ММ або РРРР)", en: "Birth date (YYYY-MM-DD, YYYY-MM or YYYY)"),
        Field(path: "subject.nationality", uk: "Громадянство (код ICAO)", en: "Nationality (ICAO code)"),
        Field(path: "subject.sex", uk: "Стать", en: "Sex", kind: .select([("", "—", "—"), ("M", "ч", "M"), ("F", "ж", "F"), ("X", "не вказано", "unspecified")])),
        Field(path: "subject.document.number", uk: "Номер документа", en: "Document number"),
        Field(path: "subject.document.issuingState", uk: "Держава видачі документа", en: "Document's issuing state"),
    ]

    static func details(_ register: Register) -> [Field] {
        switch register {
        case .residencePermit: [
            Field(path: "details.permitType", uk: "Вид посвідки", en: "Permit", kind: option(["temporary", "permanent"]), required: true),
            Field(path: "details.purpose", uk: "Мета", en: "Purpose", kind: option(["work", "study", "family", "investment", "religion", "volunteering", "humanitarian", "other"]), required: true),
            Field(path: "details.cardNumber", uk: "Номер посвідки", en: "Card number", required: true),
            Field(path: "details.validFrom", uk: "Дійсна з", en: "Valid from", kind: .date, required: true),
            Field(path: "details.validUntil", uk: "Дійсна до (для тимчасової)", en: "Valid until (temporary)", kind: .date),
            Field(path: "details.issuingAuthority", uk: "Орган видачі", en: "Issuing authority"),
        ]
        case .asylum: [
            Field(path: "details.appliedOn", uk: "Дата заяви", en: "Applied on", kind: .date, required: true),
            Field(path: "details.placeOfApplication", uk: "Місце подання", en: "Place of application"),
            Field(path: "details.steps.0.kind", uk: "Перший крок: рішення чи оскарження", en: "First step: decision or appeal", kind: option(["", "decision", "appeal"])),
            Field(path: "details.steps.0.date", uk: "Дата кроку", en: "Date of the step", kind: .date),
            Field(path: "details.steps.0.authority", uk: "Орган", en: "Authority"),
            Field(path: "details.steps.0.outcome", uk: "Результат", en: "Outcome", kind: option(["", "granted_refugee", "granted_complementary", "granted_temporary", "rejected", "pending", "upheld", "overturned", "withdrawn", "ceased"])),
        ]
        case .irregularMigrant: [
            Field(path: "details.apprehendedOn", uk: "Дата затримання", en: "Apprehended on", kind: .date, required: true),
            Field(path: "details.place", uk: "Місце", en: "Place", required: true),
            Field(path: "details.unit", uk: "Підрозділ", en: "Unit", required: true),
            Field(path: "details.identifiedBy", uk: "Як встановлено особу", en: "Identified by", kind: option(["document", "biometrics", "statement", "consular_confirmation", "other"]), required: true),
            Field(path: "details.statedNationality", uk: "Громадянство зі слів", en: "Nationality as stated"),
            Field(path: "details.establishedNationality", uk: "Встановлене громадянство", en: "Nationality as established"),
            Field(path: "details.outcomes.0.kind", uk: "Наслідок", en: "Outcome", kind: option(["", "return", "readmission_request", "detention", "asylum_claim", "release"])),
            Field(path: "details.outcomes.0.date", uk: "Дата наслідку", en: "Date of the outcome", kind: .date),
            Field(path: "details.outcomes.0.toState", uk: "Держава реадмісії", en: "Readmission to (state)"),
        ]
        case .citizenship: [
            Field(path: "details.change", uk: "Набуття чи припинення", en: "Acquired or terminated", kind: option(["acquired", "terminated"]), required: true),
            Field(path: "details.effectiveOn", uk: "З дати", en: "Effective on", kind: .date, required: true),
            Field(path: "details.basis", uk: "Підстава (стаття закону)", en: "Basis (article of the law)", required: true),
            Field(path: "details.decisionReference", uk: "Номер рішення", en: "Decision reference"),
        ]
        case .offence: [
            Field(path: "details.article", uk: "Стаття КУпАП", en: "Article of the Code", required: true),
            Field(path: "details.committedOn", uk: "Дата правопорушення", en: "Committed on", kind: .date, required: true),
            Field(path: "details.decidedOn", uk: "Дата постанови", en: "Decided on", kind: .date),
            Field(path: "details.decision", uk: "Рішення", en: "Decision", kind: option(["", "fine", "warning", "expulsion", "dismissed"])),
            Field(path: "details.fineAmount", uk: "Штраф, грн", en: "Fine, UAH", kind: .number),
            Field(path: "details.paid", uk: "Сплачено", en: "Paid", kind: .checkbox),
            Field(path: "details.paidOn", uk: "Дата сплати", en: "Paid on", kind: .date),
        ]
        case .entryBan: [
            Field(path: "details.bannedFrom", uk: "Заборона з", en: "Banned from", kind: .date, required: true),
            Field(path: "details.bannedUntil", uk: "Заборона до", en: "Banned until", kind: .date, required: true),
            Field(path: "details.reason", uk: "Підстава", en: "Reason", required: true),
            Field(path: "details.authority", uk: "Орган", en: "Authority", required: true),
        ]
        case .visa: [
            Field(path: "details.visaType", uk: "Тип візи", en: "Visa type", kind: option(["short_stay", "long_stay"]), required: true),
            Field(path: "details.visaNumber", uk: "Номер візи", en: "Visa number", required: true),
            Field(path: "details.entries", uk: "В'їздів", en: "Entries", kind: option(["single", "double", "multiple"]), required: true),
            Field(path: "details.validFrom", uk: "Дійсна з", en: "Valid from", kind: .date, required: true),
            Field(path: "details.validUntil", uk: "Дійсна до", en: "Valid until", kind: .date, required: true),
            Field(path: "details.durationOfStay", uk: "Тривалість перебування, днів", en: "Duration of stay, days", kind: .number),
            Field(path: "details.issuedAt", uk: "Місце видачі", en: "Issued at"),
        ]
        }
    }

    /// The body the API takes, from a posted form: empty fields left out, numbers as numbers, a checkbox as a boolean.
    static func body(register: Register, personId: String?, form: [(String, String)]) throws -> Data {
        var root: [String: Any] = ["register": register.rawValue]
        if let personId, !personId.isEmpty { root["personId"] = personId }
        var fields = details(register)
        if personId?.isEmpty ?? true || form.contains(where: { $0.0.hasPrefix("subject.") && !$0.1.isEmpty }) { fields += subject }
        for field in fields {
            let raw = (form.first(field.path) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let value: Any?
            switch field.kind {
            case .checkbox: value = !raw.isEmpty
            case .number: value = raw.isEmpty ? nil : (Int(raw) as Any?) ?? raw
            default: value = raw.isEmpty ? nil : raw
            }
            if let value { set(&root, path: field.path.split(separator: ".").map(String.init), value: value) }
        }
        if root["details"] == nil { root["details"] = [String: Any]() }
        return try JSONSerialization.data(withJSONObject: root)
    }

    /// Sets a value at a dotted path; a numeric component indexes an array.
    static func set(_ object: inout [String: Any], path: [String], value: Any) {
        guard let head = path.first else { return }
        if path.count == 1 { object[head] = value; return }
        if let index = Int(path[1]) {
            var array = object[head] as? [[String: Any]] ?? []
            while array.count <= index { array.append([:]) }
            var element = array[index]
            set(&element, path: Array(path.dropFirst(2)), value: value)
            array[index] = element
            object[head] = array
        } else {
            var child = object[head] as? [String: Any] ?? [:]
            set(&child, path: Array(path.dropFirst()), value: value)
            object[head] = child
        }
    }

    /// The form's fields for the template, with the posted values and the error beside its field.
    static func view(_ fields: [Field], form: [(String, String)], error: (field: String, message: String)?, language: ConsoleText.Language)
        -> [[String: Any]]
    {
        fields.map { field in
            let value = form.first(field.path) ?? ""
            // The API names array elements `steps[0]`; the form `steps.0`.
            let apiPath = field.path.replacingOccurrences(of: #"\.(\d+)"#, with: "[$1]", options: .regularExpression)
            var view: [String: Any] = [
                "name": field.path, "id": field.path.replacingOccurrences(of: ".", with: "-"),
                "label": language == .uk ? field.uk : field.en, "value": value, "required": field.required,
            ]
            switch field.kind {
            case .text: view["isText"] = true
            case .date: view["isDate"] = true
            case .number: view["isNumber"] = true
            case .checkbox: view["isCheckbox"] = true; view["checked"] = !value.isEmpty
            case .select(let options):
                view["isSelect"] = true
                view["options"] = options.map { ["value": $0.0, "label": language == .uk ? $0.1 : $0.2, "selected": $0.0 == value] as [String: Any] }
            }
            if let error, error.field == apiPath || error.field.hasPrefix(apiPath + ".") { view["error"] = error.message }
            return view
        }
    }
}
