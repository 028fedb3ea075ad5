import Foundation
import Store

/// Persons and their travel documents: create and read, each access on the audit trail.
public struct PersonService: Sendable {
    let database: KordonDatabase
    let clock: Clock

    public init(database: KordonDatabase, clock: @escaping Clock) {
        self.database = database
        self.clock = clock
    }


    public struct NewDocument: Codable, Sendable, Hashable {
        public var documentCode: String
        public var issuingState: String
        public var number: String
        public var expiryDate: String?
        public var mrz: [String]?

        public init(documentCode: String, issuingState: String, number: String, expiryDate: String?, mrz: [String]? = nil) {
            self.documentCode = documentCode
            self.issuingState = issuingState
            self.number = number
            self.expiryDate = expiryDate
            self.mrz = mrz
        }
    }

    public struct NewPerson: Codable, Sendable, Hashable {
        public var surname: String
        public var givenNames: String
        public var birthDate: String?
        public var sex: String
        public var nationality: String
        public var documents: [NewDocument]?

        public init(
            surname: String, givenNames: String, birthDate: String?, sex: String, nationality: String,
            documents: [NewDocument]? = nil
        ) {
            self.surname = surname
            self.givenNames = givenNames
            self.birthDate = birthDate
            self.sex = sex
            self.nationality = nationality
            self.documents = documents
        }
    }

    /// A person with their documents, as the API returns it.
    public struct PersonView: Codable, Sendable, Hashable {
        public var person: Person
        public var documents: [TravelDocumentRecord]
    }

    public func create(_ input: NewPerson, idempotencyKey: String?, context: AccessContext) async throws -> PersonView {
        try context.authorize(.create, .person)
        let key = try Idempotency.validate(idempotencyKey)
        let now = clock()
        let person = Person(
            surname: try Validate.name(input.surname, field: "surname"),
            givenNames: try Validate.name(input.givenNames, field: "givenNames", allowEmpty: true),
            birthDate: try input.birthDate.map { value throws(ServiceError) in
                try Validate.birthDate(value, field: "birthDate", today: now)
            },
            sex: try Validate.sex(input.sex, field: "sex"),
            nationality: try Validate.countryCode(input.nationality, field: "nationality"),
            createdByAgency: context.principal.agencyId, createdAt: now
        )
        var documents: [TravelDocumentRecord] = []
        for (index, document) in (input.documents ?? []).enumerated() {
            documents.append(try Self.validated(document, personId: person.id, field: "documents[\(index)]", now: now))
        }
        let requestHash = try Idempotency.requestHash(input)
        let finalDocuments = documents
        return try await database.transaction { (repositories: Repositories) -> PersonView in
            if let existing = try await Idempotency.existing(
                repositories, agencyId: context.principal.agencyId, operation: "person.create", key: key,
                requestHash: requestHash
            ), let person = try await repositories.persons.find(id: existing) {
                try await repositories.audit.append(
                    [context.audit("person.create.replay", "person", ids: [existing.uuidString], persons: [existing])],
                    at: now
                )
                return PersonView(person: person, documents: try await repositories.persons.documents(personId: existing))
            }
            for (index, document) in finalDocuments.enumerated() {
                if try await repositories.persons.document(
                    issuingState: document.issuingState, number: document.number, documentCode: document.documentCode
                ) != nil {
                    throw ServiceError(
                        .conflict, field: "documents[\(index)].number", "this document is already recorded for a person"
                    )
                }
            }
            try await repositories.persons.insert([person])
            try await repositories.persons.insert(finalDocuments)
            if let key {
                try await repositories.idempotency.insert(
                    agencyId: context.principal.agencyId, operation: "person.create", key: key,
                    requestSHA256: requestHash, resourceId: person.id, at: now
                )
            }
            try await repositories.audit.append(
                [context.audit("person.create", "person", ids: [person.id.uuidString], persons: [person.id])], at: now
            )
            try await repositories.outbox.append(
                [NewEvent(
                    type: "person.created", aggregateType: "person", aggregateId: person.id.uuidString,
                    agencyId: context.principal.agencyId, payload: ["personId": person.id.uuidString]
                )],
                at: now
            )
            return PersonView(person: person, documents: finalDocuments)
        }
    }

    public func get(_ id: UUID, context: AccessContext) async throws -> PersonView {
        try context.authorize(.read, .person)
        let now = clock()
        return try await database.transaction { (repositories: Repositories) -> PersonView in
            guard let person = try await repositories.persons.find(id: id) else {
                throw ServiceError(.notFound, field: "id", "no person with this id")
            }
            let documents = try await repositories.persons.documents(personId: id)
            try await repositories.audit.append(
                [context.audit("person.read", "person", ids: [id.uuidString], persons: [id])], at: now
            )
            return PersonView(person: person, documents: documents)
        }
    }

    public func addDocument(_ input: NewDocument, to personId: UUID, context: AccessContext) async throws
        -> TravelDocumentRecord
    {
        try context.authorize(.create, .document)
        let now = clock()
        let document = try Self.validated(input, personId: personId, field: "", now: now)
        return try await database.transaction { (repositories: Repositories) -> TravelDocumentRecord in
            guard try await repositories.persons.find(id: personId) != nil else {
                throw ServiceError(.notFound, field: "personId", "no person with this id")
            }
            if try await repositories.persons.document(
                issuingState: document.issuingState, number: document.number, documentCode: document.documentCode
            ) != nil {
                throw ServiceError(.conflict, field: "number", "this document is already recorded for a person")
            }
            try await repositories.persons.insert([document])
            try await repositories.audit.append(
                [context.audit("document.create", "travel_document", ids: [document.id.uuidString], persons: [personId])],
                at: now
            )
            return document
        }
    }

    public func document(_ id: UUID, context: AccessContext) async throws -> TravelDocumentRecord {
        try context.authorize(.read, .document)
        let now = clock()
        return try await database.transaction { (repositories: Repositories) -> TravelDocumentRecord in
            guard let document = try await repositories.persons.document(id: id) else {
                throw ServiceError(.notFound, field: "id", "no document with this id")
            }
            try await repositories.audit.append(
                [context.audit("document.read", "travel_document", ids: [id.uuidString], persons: [document.personId])],
                at: now
            )
            return document
        }
    }

    static func validated(_ input: NewDocument, personId: UUID, field prefix: String, now: Date) throws(ServiceError)
        -> TravelDocumentRecord
    {
        func name(_ field: String) -> String { prefix.isEmpty ? field : "\(prefix).\(field)" }
        let code = input.documentCode.uppercased()
        guard (1...2).contains(code.count), code.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "<") }),
            code.first?.isLetter == true
        else {
            throw .invalid(name("documentCode"), "must be an ICAO 9303 document code such as P, ID, I, V")
        }
        let number = input.number.uppercased()
        guard (1...20).contains(number.count), number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw .invalid(name("number"), "must be 1 to 20 letters and digits")
        }
        if let mrz = input.mrz {
            guard (2...3).contains(mrz.count), mrz.allSatisfy({ $0.count <= 44 }) else {
                throw .invalid(name("mrz"), "must be 2 or 3 lines of at most 44 characters")
            }
        }
        return TravelDocumentRecord(
            personId: personId, documentCode: code.replacingOccurrences(of: "<", with: ""),
            issuingState: try Validate.countryCode(input.issuingState, field: name("issuingState")), number: number,
            expiryDate: try input.expiryDate.map { value throws(ServiceError) in
                try Validate.date(value, field: name("expiryDate"))
            },
            mrz: input.mrz, createdAt: now
        )
    }
}
