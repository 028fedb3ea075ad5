import Foundation
import Store

/// Reference facts loaded from the `shared/reference` folder (its README gives sources and doubts):
/// crossing points (Ukraine's, with the Moldovan joint-control flags merged in) and refusal reasons.
public struct ReferenceData: Sendable {
    public var crossingPoints: [CrossingPoint]
    /// Refusal reason codes with their text: Schengen Annex V Part B A–I, Ukraine's U1–U5.
    public var refusalReasons: [RefusalReason]
    /// Nationalities visa-free for a short stay (`ukraine-visa-free.json` entries; ISO `DEU` also as MRZ `D`).
    public var visaFree: [(code: String, maxDays: Int, note: String)]

    public struct RefusalReason: Codable, Sendable, Hashable {
        public var code: String
        /// English text (the Ukrainian grounds carry `textEn`; the Schengen letters `text`).
        public var text: String
        /// Ukrainian text: the law's own words for U1–U5 (`textUk`); for the Annex V letters our
        /// translation (`annexVUkrainian`), since the reference file gives them in English only.
        public var textUk: String

        enum CodingKeys: String, CodingKey { case code, text, textEn, textUk }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decode(String.self, forKey: .code)
            text = try container.decodeIfPresent(String.self, forKey: .text)
                ?? container.decode(String.self, forKey: .textEn)
            textUk = try container.decodeIfPresent(String.self, forKey: .textUk) ?? Self.annexVUkrainian[code] ?? text
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(text, forKey: .text)
            try container.encode(textUk, forKey: .textUk)
        }

        /// Regulation (EU) 2016/399 Annex V Part B, points A–I, in Ukrainian (our translation, made
        /// for the bilingual refusal form; the official Ukrainian form is the decision under Art. 14 of
        /// Law 1710-VI, whose grounds are U1–U5).
        static let annexVUkrainian: [String: String] = [
            "A": "не має дійсного проїзного документа (документів)",
            "B": "має фальшивий, підроблений або змінений проїзний документ",
            "C": "не має дійсної візи або посвідки на проживання",
            "D": "має фальшиву, підроблену або змінену візу чи посвідку на проживання",
            "E": "не має належних документів, що підтверджують мету та умови перебування",
            "F": "вже перебував(-ла) 90 днів протягом поточного 180-денного періоду",
            "G": "не має достатніх коштів для існування на період і за умов перебування або для повернення",
            "H": "є особою, щодо якої внесено попередження з метою відмови у в'їзді",
            "I": "вважається загрозою громадському порядку, внутрішній безпеці, здоров'ю населення або міжнародним відносинам",
        ]
    }

    /// Looks for the folder: an explicit path, `KORDON_REFERENCE`, or `../shared/reference` from the
    /// working directory or from the executable's location upwards.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String?
    {
        let fm = FileManager.default
        if let explicit { return explicit }
        if let env = environment["KORDON_REFERENCE"], fm.fileExists(atPath: env) { return env }
        var candidates = [fm.currentDirectoryPath]
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent().standardized
        for _ in 0..<8 {
            candidates.append(dir.path)
            dir = dir.deletingLastPathComponent()
        }
        for base in candidates {
            for relative in ["../shared/reference", "shared/reference"] {
                let path = URL(fileURLWithPath: base).appendingPathComponent(relative).standardized.path
                if fm.fileExists(atPath: path + "/crossing-points-ukraine.json") { return path }
            }
        }
        return nil
    }

    public static func load(from folder: String) throws -> ReferenceData {
        struct PointFile: Decodable { var points: [PointRow] }
        struct PointRow: Decodable {
            var code: String
            var nameUk: String
            var nameLatin: String
            var kind: String
            var neighbour: String?
            var partnerPoint: String?
            var oblast: String?
            var latitude: Double?
            var longitude: Double?
            var coordPrecision: String?
            var status: String
            var verified: Bool?
            var sources: [String]?
            var jointControl: Bool?
            var icao: String?
        }
        struct ReasonFile: Decodable {
            struct Group: Decodable { var reasons: [RefusalReason] }
            var schengen: Group
            var ukraine: Group?
        }
        func read<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                return try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw StoreError(.referenceData, field: name, detail: "cannot read reference file: \(error)")
            }
        }
        let ukraine = try read("crossing-points-ukraine.json", as: PointFile.self)
        let moldova = try read("crossing-points-moldova-joint.json", as: PointFile.self)
        var byCode: [String: CrossingPoint] = [:]
        var order: [String] = []
        for row in ukraine.points + moldova.points {
            let point = CrossingPoint(
                code: row.code, nameUk: row.nameUk, nameLatin: row.nameLatin, kind: row.kind, neighbour: row.neighbour,
                partnerPoint: row.partnerPoint, oblast: row.oblast, latitude: row.latitude, longitude: row.longitude,
                coordPrecision: row.coordPrecision, status: row.status,
                jointControl: row.jointControl ?? byCode[row.code]?.jointControl, verified: row.verified ?? false,
                sources: Array(Set((row.sources ?? []) + (byCode[row.code]?.sources ?? []))).sorted(),
                icao: row.icao ?? byCode[row.code]?.icao
            )
            if byCode[row.code] == nil { order.append(row.code) }
            byCode[row.code] = point
        }
        let reasons = try read("refusal-reasons-schengen.json", as: ReasonFile.self)
        struct VisaFreeFile: Decodable {
            struct Entry: Decodable { var code: String; var maxDays: Int?; var name: String? }
            var entries: [Entry]
        }
        var visaFree: [(code: String, maxDays: Int, note: String)] = []
        for entry in try read("ukraine-visa-free.json", as: VisaFreeFile.self).entries {
            visaFree.append((entry.code, entry.maxDays ?? 90, entry.name ?? ""))
            if entry.code == "DEU" { visaFree.append(("D", entry.maxDays ?? 90, "Germany (MRZ code D)")) }
        }
        return ReferenceData(
            crossingPoints: order.compactMap { byCode[$0] },
            refusalReasons: reasons.schengen.reasons + (reasons.ukraine?.reasons ?? []),
            visaFree: visaFree
        )
    }
}
