// MARK: - Reading fields from a well-formed zone

extension MRZParser {
    func readFields(
        _ zone: Zone, format: MRZFormat, lines: [String], problems inputProblems: [MRZProblem], repairs: [MRZRepair]
    ) -> MRZParseResult {
        let layout = MRZLayout.of(format)
        var problems = inputProblems
        var warnings: [MRZProblem] = []

        // Document code, positions 1-2.
        let codeSlice = zone.slice(1, 1, 2)
        let documentCode = Text.trimmedTrailingFillers(codeSlice)
        if !(0x41...0x5A).contains(codeSlice[0]) {
            problems.record(MRZProblem(.invalidDocumentCode, field: .documentCode, line: 1, column: 1,
                                       message: "document code must start with a letter"))
        }

        // Issuing state (1, 3-5) and nationality.
        let issuing = readCode(zone, line: 1, column: 3, field: .issuingState, problems: &problems, warnings: &warnings)
        let nationality = readCode(zone, line: layout.nationality.line, column: layout.nationality.column,
                                   field: .nationality, problems: &problems, warnings: &warnings)

        // Name.
        let nameSlice = zone.slice(layout.name.line, layout.name.column, layout.name.count)
        if let digit = nameSlice.firstIndex(where: { (0x30...0x39).contains($0) }) {
            problems.record(MRZProblem(.digitInName, field: .name, line: layout.name.line,
                                       column: layout.name.column + digit, message: "digit in the name field"))
        }
        let (surname, givenNames) = Text.splitName(nameSlice)
        let truncated = nameSlice[nameSlice.count - 1] != 0x3C
        if truncated {
            warnings.record(MRZProblem(.possiblyTruncatedName, field: .name, line: layout.name.line,
                                       column: layout.name.column + layout.name.count - 1,
                                       message: "name field is full; the name may be truncated (ICAO 9303 Part 3 §4.6)"))
        }

        // Document number, with the TD1/TD2 long-number rule (Part 5 §4.2.4, Part 6 §4.2.4).
        let numberSlice = zone.slice(layout.documentNumber.line, layout.documentNumber.column, layout.documentNumber.count)
        var numberCheckPosition = layout.documentNumberCheck
        var overflow = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var optionalSlice = zone.slice(layout.optionalData.line, layout.optionalData.column, layout.optionalData.count)
        var optionalTrimLeading = false
        var numberCheckMissing = false
        if format == .td1 || format == .td2,
           zone.at(layout.documentNumberCheck.line, layout.documentNumberCheck.column) == 0x3C
        {
            let field = optionalSlice
            var end = 0
            while end < field.count, field[end] != 0x3C { end += 1 }
            if end == 0 {
                numberCheckMissing = true
            } else {
                overflow = UnsafeBufferPointer(rebasing: field[0..<(end - 1)])
                numberCheckPosition = (layout.optionalData.line, layout.optionalData.column + end - 1)
                optionalSlice = UnsafeBufferPointer(rebasing: field[end...])
                optionalTrimLeading = true
            }
        }
        let documentNumber = Text.documentNumber(numberSlice, overflow: overflow)
        var numberAccumulator = CheckDigit.Accumulator()
        numberAccumulator.add(numberSlice)
        numberAccumulator.add(overflow)
        let numberOK = !numberCheckMissing
            && checkDigit(zone, numberCheckPosition, equals: numberAccumulator.digit, field: .documentNumber,
                          problems: &problems)
        if numberCheckMissing {
            problems.record(MRZProblem(.checkDigitMismatch, field: .documentNumber, line: numberCheckPosition.line,
                                       column: numberCheckPosition.column,
                                       message: "long document number without overflow or check digit"))
        }

        // Dates.
        let birthSlice = zone.slice(layout.birthDate.line, layout.birthDate.column, 6)
        let birth = MRZDate.resolve(birthSlice, kind: .birth, asOf: asOf)
        let birthOK = checkDigit(zone, layout.birthDateCheck, over: birthSlice, field: .birthDate, problems: &problems)
        if !birth.isValid {
            problems.record(MRZProblem(.impossibleDate, field: .birthDate, line: layout.birthDate.line,
                                       column: layout.birthDate.column, message: "not a calendar date (YYMMDD)"))
        }
        let expirySlice = zone.slice(layout.expiryDate.line, layout.expiryDate.column, 6)
        let expiry = MRZDate.resolve(expirySlice, kind: .expiry, asOf: asOf)
        let expiryOK = checkDigit(zone, layout.expiryDateCheck, over: expirySlice, field: .expiryDate,
                                  problems: &problems)
        if !expiry.isValid {
            problems.record(MRZProblem(.impossibleDate, field: .expiryDate, line: layout.expiryDate.line,
                                       column: layout.expiryDate.column, message: "not a calendar date (YYMMDD)"))
        }

        // Sex.
        let sexByte = zone.at(layout.sex.line, layout.sex.column)
        let sex: MRZSex?
        switch sexByte {
        case 0x4D: sex = .male
        case 0x46: sex = .female
        case 0x3C, 0x58: sex = .unspecified
        default:
            sex = nil
            problems.record(MRZProblem(.invalidSex, field: .sex, line: layout.sex.line, column: layout.sex.column,
                                       message: "sex must be M, F or < (unspecified)"))
        }

        // Optional data and its check digit (TD3 personal number).
        var optionalOK: Bool? = nil
        if let position = layout.optionalDataCheck {
            let allFillers = optionalSlice.allSatisfy { $0 == 0x3C }
            if allFillers, zone.at(position.line, position.column) == 0x3C {
                optionalOK = true  // Part 4 §4.2.2 note: empty personal number may have a filler check digit
            } else {
                optionalOK = checkDigit(zone, position, over: optionalSlice, field: .optionalData, problems: &problems)
            }
        }
        let optionalData = optionalTrimLeading
            ? Text.trimmedFillers(optionalSlice) : Text.trimmedTrailingFillers(optionalSlice)
        let optionalData2 = layout.optionalData2.map {
            Text.trimmedTrailingFillers(zone.slice($0.line, $0.column, $0.count))
        }

        // Composite.
        var compositeOK: Bool? = nil
        if let position = layout.composite {
            var accumulator = CheckDigit.Accumulator()
            for range in layout.compositeRanges { accumulator.add(zone.slice(range.line, range.column, range.count)) }
            compositeOK = checkDigit(zone, position, equals: accumulator.digit, field: .composite, problems: &problems)
        }

        let document = MRZDocument(
            format: format, documentCode: documentCode, issuingState: issuing, surname: surname,
            givenNames: givenNames, documentNumber: documentNumber, nationality: nationality, birthDate: birth,
            sex: sex, sexCharacter: sexByte == 0x3C ? "X" : String(Character(Unicode.Scalar(sexByte))),
            expiryDate: expiry, optionalData: optionalData, optionalData2: optionalData2,
            nameMayBeTruncated: truncated)
        let checks = MRZChecks(
            documentNumber: numberOK, birthDate: birthOK, expiryDate: expiryOK, optionalData: optionalOK,
            composite: compositeOK)
        return MRZParseResult(
            format: format, document: document, checks: checks, problems: problems, warnings: warnings,
            repairs: repairs, lines: lines)
    }

    private func readCode(
        _ zone: Zone, line: Int, column: Int, field: MRZField, problems: inout [MRZProblem],
        warnings: inout [MRZProblem]
    ) -> CountryCode {
        let slice = zone.slice(line, column, 3)
        let code = CountryCode(trimmed: Text.trimmedTrailingFillers(slice))
        if slice[0] == 0x3C || slice.contains(where: { (0x30...0x39).contains($0) }) {
            problems.record(MRZProblem(.invalidCode, field: field, line: line, column: column,
                                       message: "code must be 1-3 letters padded with <"))
        } else if !CountryCode.isKnown(printed: slice) {
            warnings.record(MRZProblem(.unknownCode, field: field, line: line, column: column,
                                       message: "code not in the ICAO 9303 list"))
        }
        return code
    }

    private func checkDigit(
        _ zone: Zone, _ position: MRZLayout.Position, over slice: UnsafeBufferPointer<UInt8>, field: MRZField,
        problems: inout [MRZProblem]
    ) -> Bool {
        var accumulator = CheckDigit.Accumulator()
        accumulator.add(slice)
        return checkDigit(zone, position, equals: accumulator.digit, field: field, problems: &problems)
    }

    private func checkDigit(
        _ zone: Zone, _ position: MRZLayout.Position, equals expected: Int, field: MRZField,
        problems: inout [MRZProblem]
    ) -> Bool {
        let found = zone.at(position.line, position.column)
        if Int(found) == 0x30 + expected { return true }
        let shown = String(Character(Unicode.Scalar(found)))
        problems.record(MRZProblem(.checkDigitMismatch, field: field, line: position.line, column: position.column,
                                   message: "check digit: expected \(expected), found \(shown)"))
        return false
    }
}

/// Building field strings from zone bytes without intermediate arrays.
enum Text {
    static func trimmedTrailingFillers(_ slice: UnsafeBufferPointer<UInt8>) -> String {
        var end = slice.count
        while end > 0, slice[end - 1] == 0x3C { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: slice[0..<end]), as: UTF8.self)
    }

    static func trimmedFillers(_ slice: UnsafeBufferPointer<UInt8>) -> String {
        var start = 0
        var end = slice.count
        while start < end, slice[start] == 0x3C { start += 1 }
        while end > start, slice[end - 1] == 0x3C { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: slice[start..<end]), as: UTF8.self)
    }

    /// The number without fillers (`<` dropped wherever they are), then the overflow.
    static func documentNumber(_ number: UnsafeBufferPointer<UInt8>, overflow: UnsafeBufferPointer<UInt8>) -> String {
        let capacity = number.count + overflow.count
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var count = 0
            for byte in number where byte != 0x3C {
                buffer[count] = byte
                count += 1
            }
            for byte in overflow where byte != 0x3C {
                buffer[count] = byte
                count += 1
            }
            return count
        }
    }

    /// Splits the name field at the first `<<` (ICAO 9303 Part 3 §4.6): runs of `<` become single spaces.
    static func splitName(_ field: UnsafeBufferPointer<UInt8>) -> (String, String) {
        var split = field.count
        var index = 0
        while index + 1 < field.count {
            if field[index] == 0x3C, field[index + 1] == 0x3C {
                split = index
                break
            }
            index += 1
        }
        let surname = spaced(UnsafeBufferPointer(rebasing: field[0..<split]))
        let given = split + 2 <= field.count ? spaced(UnsafeBufferPointer(rebasing: field[(split + 2)...])) : ""
        return (surname, given)
    }

    static func spaced(_ part: UnsafeBufferPointer<UInt8>) -> String {
        var start = 0
        var end = part.count
        while start < end, part[start] == 0x3C { start += 1 }
        while end > start, part[end - 1] == 0x3C { end -= 1 }
        guard start < end else { return "" }
        return String(unsafeUninitializedCapacity: end - start) { buffer in
            var count = 0
            var previousFiller = false
            for index in start..<end {
                let byte = part[index]
                if byte == 0x3C {
                    if !previousFiller {
                        buffer[count] = 0x20
                        count += 1
                    }
                    previousFiller = true
                } else {
                    buffer[count] = byte
                    count += 1
                    previousFiller = false
                }
            }
            return count
        }
    }
}

extension Array where Element == MRZProblem {
    /// Appends, reserving room for a few on the first one: a zone has few problems, and one allocation for
    /// them is enough (the parse allocates nothing but its result).
    @inline(__always)
    mutating func record(_ problem: MRZProblem) {
        if capacity == 0 { reserveCapacity(6) }
        append(problem)
    }
}
