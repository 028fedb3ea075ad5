import Foundation

/// A UTC calendar month, `YYYY-MM`: the unit of partitions and of retention (M0016).
public struct CalendarMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1–12.
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1970...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    /// Reads `YYYY-MM`; nil for anything else (`2026-13`, `2026-1`, `26-01`).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month `date` falls in, in UTC.
    public init(containing date: Date) {
        let parts = Self.utc.dateComponents([.year, .month], from: date)
        year = parts.year ?? 1970
        month = parts.month ?? 1
    }

    /// The first instant of the month, UTC.
    public var start: Date {
        Self.utc.date(from: DateComponents(year: year, month: month, day: 1)) ?? Date(timeIntervalSince1970: 0)
    }

    /// The month `count` months later (earlier when negative).
    public func adding(months count: Int) -> CalendarMonth {
        let index = year * 12 + (month - 1) + count
        return CalendarMonth(uncheckedYear: index / 12, month: index % 12 + 1)
    }

    /// `crossing_2026_03`: how a partition of `table` for this month is named.
    public func partitionName(of table: String) -> String {
        "\(table)_\(String(format: "%04d_%02d", year, month))"
    }

    /// `YYYY-MM-01`: the bound PostgreSQL's `kordon_month_partition` takes.
    public var firstDay: String { String(format: "%04d-%02d-01", year, month) }

    public var description: String { String(format: "%04d-%02d", year, month) }

    public static func < (a: CalendarMonth, b: CalendarMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    private init(uncheckedYear: Int, month: Int) {
        self.year = uncheckedYear
        self.month = month
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar
    }()
}
