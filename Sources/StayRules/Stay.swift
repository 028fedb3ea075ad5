/// One stay on the territory: the day of entry and, once recorded, the day of exit.
///
/// Both days count as days of stay (Regulation (EU) 2017/2226 Art. 11(1)). An open stay (`exit == nil`) is a
/// person whose exit has not been recorded yet; it counts up to the day considered.
public struct Stay: Hashable, Sendable, Codable {
    /// Day of entry (counted).
    public var entry: CalendarDay
    /// Day of exit (counted), or `nil` while the person is still present.
    public var exit: CalendarDay?

    /// Makes a stay; `exit` is `nil` for a stay with no exit recorded.
    public init(entry: CalendarDay, exit: CalendarDay? = nil) {
        self.entry = entry
        self.exit = exit
    }

    /// Whether no exit has been recorded.
    public var isOpen: Bool { exit == nil }
}
