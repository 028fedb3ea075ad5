/// Role of a word in a name.
enum NameRole: UInt32, Sendable {
    case surname = 0
    case given = 1
    case patronymic = 2
}

/// A person's names prepared for matching, packed into one `[UInt32]` per alert so a million alerts
/// cost one allocation each (DESIGN.md scale: the index lives in memory).
///
/// Layout: `formCount`, then per form `unitCount, tokenCount`, then per unit a header
/// (role: bits 0-1, Cyrillic source: bit 2, spelling count: bits 3-7, covered tokens: bits 8-23)
/// followed by its spelling numbers. A *unit* is one word, or adjacent words joined
/// (double surnames written `KOWALSKANOWAK`, Chinese given names `XIAOMING`), covering their tokens.
struct PreparedNames: Sendable {
    var words: [UInt32]

    static let empty = PreparedNames(words: [0])

    struct Unit {
        var role: NameRole
        var cyrillic: Bool
        var cover: UInt32
        var spellings: ArraySlice<UInt32>
    }

    struct Form {
        var tokenCount: Int
        var units: [Unit]
    }

    /// Decodes the forms; malformed data (never produced by the encoder) ends decoding early.
    var forms: [Form] {
        var result: [Form] = []
        withEachForm { _, tokenCount, _, units in
            result.append(Form(tokenCount: tokenCount, units: units.map {
                Unit(role: $0.role, cyrillic: $0.cyrillic, cover: $0.cover, spellings: words[$0.spellings])
            }))
        }
        return result
    }
}

/// A unit of a packed form read in place: its spellings are positions in ``PreparedNames/words``.
struct PackedUnit {
    var role: NameRole
    var cyrillic: Bool
    var cover: UInt32
    var spellings: Range<Int>
}

extension PreparedNames {
    /// Calls `body` with each form's index and its units, read in place: the matcher compares every
    /// candidate a traveller's name brings (hundreds per query), and decoding ``forms`` into arrays
    /// cost more allocations and reference counting than the comparison itself (measured: 30 % of a
    /// manifest's screening). ``forms`` is decoded through it, so the two cannot disagree.
    @inline(__always)
    func withEachForm(
        _ body: (_ formIndex: Int, _ tokenCount: Int, _ words: UnsafeBufferPointer<UInt32>, _ units: UnsafeBufferPointer<PackedUnit>) -> Void
    ) {
        words.withUnsafeBufferPointer { words in
            guard let formCount = words.first else { return }
            var position = 1
            for formIndex in 0..<Int(formCount) {
                guard position + 1 < words.count else { break }
                let unitCount = Int(words[position]), tokenCount = Int(words[position + 1])
                position += 2
                // Each unit takes at least one word: no more can follow than words are left.
                let capacity = max(1, min(unitCount, words.count - position))
                withUnsafeTemporaryAllocation(of: PackedUnit.self, capacity: capacity) { units in
                    var count = 0
                    for _ in 0..<min(unitCount, capacity) {
                        guard position < words.count else { break }
                        let header = words[position]
                        let spellingCount = Int((header >> 3) & 0x1F)
                        guard position + 1 + spellingCount <= words.count else { break }
                        units.initializeElement(at: count, to: PackedUnit(
                            role: NameRole(rawValue: header & 3) ?? .given, cyrillic: header & 4 != 0,
                            cover: (header >> 8) & 0xFFFF, spellings: (position + 1)..<(position + 1 + spellingCount)
                        ))
                        count += 1
                        position += 1 + spellingCount
                    }
                    body(formIndex, tokenCount, words, UnsafeBufferPointer(rebasing: units[..<count]))
                }
            }
        }
    }
}

/// A word of a name before packing: its role and its spellings (numbers in a vocabulary).
struct PreparedWord {
    var role: NameRole
    var cyrillic: Bool
    var spellings: [UInt32]
}

extension PreparedNames {
    static let maximumTokens = 16
    static let maximumSpellings = 31

    /// Packs forms of words, adding joined units for adjacent words of the same role.
    static func pack(forms: [[PreparedWord]], join: (UInt32, UInt32) -> UInt32) -> PreparedNames {
        var words: [UInt32] = [UInt32(forms.count)]
        for form in forms {
            let tokens = Array(form.prefix(maximumTokens))
            var units: [(NameRole, Bool, UInt32, [UInt32])] = []
            for (position, token) in tokens.enumerated() {
                units.append((token.role, token.cyrillic, 1 << UInt32(position), Array(token.spellings.prefix(maximumSpellings))))
            }
            for position in tokens.indices.dropLast() {
                let first = tokens[position], second = tokens[position + 1]
                guard first.role == second.role, first.role != .patronymic else { continue }
                let count = min(first.spellings.count, second.spellings.count, 8)
                let joined = (0..<count).map { join(first.spellings[$0], second.spellings[$0]) }
                units.append((first.role, first.cyrillic || second.cyrillic, 3 << UInt32(position), joined))
            }
            words.append(UInt32(units.count))
            words.append(UInt32(tokens.count))
            for (role, cyrillic, cover, spellings) in units {
                words.append(role.rawValue | (cyrillic ? 4 : 0) | UInt32(spellings.count) << 3 | cover << 8)
                words.append(contentsOf: spellings)
            }
        }
        return PreparedNames(words: words)
    }
}
