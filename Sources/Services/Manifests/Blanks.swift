extension String {
    /// `trimmingCharacters(in: .whitespaces)` without Foundation's bridge through `NSString`, which cost
    /// 3 % of a 500-traveller manifest's screening (two calls per traveller). The same set as
    /// swift-corelibs-foundation's: Unicode's space separators (category Zs), the horizontal tab and the
    /// zero-width space; line breaks are kept, as there.
    var trimmingBlanks: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isBlank }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isBlank }) ?? first
        return String(scalars[first...last])
    }

    /// Nothing but blanks (``Unicode/Scalar/isBlank``), or empty.
    var isBlank: Bool { unicodeScalars.allSatisfy(\.isBlank) }
}

extension Unicode.Scalar {
    /// A member of `CharacterSet.whitespaces`: a space separator (Zs), the horizontal tab, or U+200B
    /// (zero-width space, which corelibs-foundation counts too; a blank in a name either way).
    var isBlank: Bool {
        if value < 0x80 { return value == 0x20 || value == 0x09 }
        return value == 0x200B || properties.generalCategory == .spaceSeparator
    }
}
