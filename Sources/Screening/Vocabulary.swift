/// One Latin spelling of a name word, with the keys screening compares it by.
struct Spelling: Sendable {
    /// Folded `A`-`Z` bytes.
    let text: [UInt8]
    /// ``NameKey`` skeleton.
    let skeleton: [UInt8]
    /// Hash of the name-form representative of the skeleton: the posting key (before the year).
    let key: UInt64
    /// A Vietnamese middle name (``NameMatcher/vietnameseMiddleNames``), looked up once here rather than
    /// hashed for every candidate compared.
    let isVietnameseMiddleName: Bool
    /// The letters of `text` and of `skeleton` (``NameKey/letterMask(_:)``): a bound on their edit distance to
    /// another word's, without the dynamic programme.
    let textLetters: UInt32
    let skeletonLetters: UInt32

    init(_ folded: String) {
        text = Array(folded.utf8)
        isVietnameseMiddleName = NameMatcher.vietnameseMiddleNames.contains(text)
        let skeletonText = NameKey.skeleton(folded)
        skeleton = Array(skeletonText.utf8)
        textLetters = NameKey.letterMask(text)
        skeletonLetters = NameKey.letterMask(skeleton)
        key = NameKey.hash(Array(NameForms.canonicalSkeleton(skeletonText).utf8))
    }
}

/// Spellings by number. A delta vocabulary continues the numbering of the base it extends
/// (`offset`), so a prepared alert's numbers stay valid when base and delta are merged.
struct Vocabulary: Sendable {
    var offset: UInt32
    var spellings: [Spelling] = []
    var index: [String: UInt32] = [:]

    init(offset: UInt32 = 0) { self.offset = offset }

    var endID: UInt32 { offset + UInt32(spellings.count) }

    func id(of folded: String) -> UInt32? { index[folded] }

    mutating func intern(_ folded: String) -> UInt32 {
        if let existing = index[folded] { return existing }
        let id = endID
        spellings.append(Spelling(folded))
        index[folded] = id
        return id
    }
}

/// The vocabulary an index reads: the frozen base, then the delta's additions.
struct VocabularyView {
    let base: Vocabulary
    let delta: Vocabulary

    @inline(__always)
    subscript(id: UInt32) -> Spelling {
        id < delta.offset ? base.spellings[Int(id)] : delta.spellings[Int(id - delta.offset)]
    }

    /// `self[id].isVietnameseMiddleName`, read in place (no copy of the spelling's arrays).
    @inline(__always)
    func isVietnameseMiddleName(_ id: UInt32) -> Bool {
        id < delta.offset ? base.spellings[Int(id)].isVietnameseMiddleName : delta.spellings[Int(id - delta.offset)].isVietnameseMiddleName
    }
}

/// Spellings by number, from a vocabulary being built or from a frozen base with its delta.
protocol SpellingLookup {
    func spelling(_ id: UInt32) -> Spelling
}

extension Vocabulary: SpellingLookup {
    func spelling(_ id: UInt32) -> Spelling { spellings[Int(id - offset)] }
}

extension VocabularyView: SpellingLookup {
    func spelling(_ id: UInt32) -> Spelling { self[id] }
}
