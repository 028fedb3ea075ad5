import Foundation
import Hummingbird
import Services
import Store

extension APIBuilder {
    /// Agencies, officers and credentials (issue 10 items 1–2): the operator admits agencies and
    /// appoints administrators and auditors; an agency's administrator appoints his own officers within
    /// the ceiling; every officer takes his own token (enrolment) and manages his tokens.
    func addAdminRoutes() {
        let admin = services.admin
        let policy = services.policy
        add(
            .get, "/v1/agencies", summary: "The directory of agencies", access: .policy(.read, .agency),
            purpose: "administration", response: Schemas.array(Schemas.agency)
        ) { _, _, _ in
            try JSONCoding.response(try await admin.agencies())
        }
        add(
            .post, "/v1/agencies", summary: "Admit an agency (the installation's operator)", access: .policy(.create, .agency),
            purpose: "administration", body: Schemas.newAgency, response: Schemas.agency, status: 201
        ) { request, context, access in
            let input = try await JSONCoding.decode(AdminService.NewAgency.self, from: request, context: context)
            return try JSONCoding.response(try await admin.createAgency(input, context: access), status: .created)
        }
        add(
            .get, "/v1/agencies/{id}/officers", summary: "Officers of an agency you administer",
            access: .policy(.read, .officer), purpose: "administration", response: Schemas.array(Schemas.officer)
        ) { _, context, access in
            try JSONCoding.response(try await admin.officers(in: try context.uuid("id"), context: access))
        }
        add(
            .post, "/v1/agencies/{id}/officers",
            summary: "Appoint an officer within the ceiling; he takes his token himself with the one-time enrolment code",
            access: .policy(.create, .officer), purpose: "administration", body: Schemas.newOfficer,
            response: Schemas.enrolment, status: 201
        ) { request, context, access in
            struct Input: Decodable { var name: String; var role: Role }
            let input = try await JSONCoding.decode(Input.self, from: request, context: context)
            let enrolment = try await admin.appointOfficer(
                input.name, role: input.role, in: try context.uuid("id"), context: access
            )
            return try JSONCoding.response(enrolment, status: .created)
        }
        add(
            .post, "/v1/officers/{id}/enrolment",
            summary: "A new one-time enrolment code for an officer you manage (lost token); his token will name you as issuer",
            access: .policy(.enrol, .officer), purpose: "administration", response: Schemas.enrolment, status: 201
        ) { _, context, access in
            try JSONCoding.response(try await admin.reenrol(officerId: try context.uuid("id"), context: access), status: .created)
        }
        for (verb, active) in [("deactivate", false), ("activate", true)] {
            add(
                .post, "/v1/officers/{id}/\(verb)",
                summary: active ? "Reactivate an officer you manage" : "Deactivate an officer you manage: his next request gets 401",
                access: .policy(.update, .officer), purpose: "administration", response: Schemas.officer
            ) { _, context, access in
                try JSONCoding.response(
                    try await admin.setActive(officerId: try context.uuid("id"), active: active, context: access)
                )
            }
        }
        add(
            .get, "/v1/officers/{id}/tokens", summary: "An officer's tokens (label, created, last used; never the secret)",
            access: .policy(.read, .credential), purpose: "administration", response: Schemas.array(Schemas.credential)
        ) { _, context, access in
            try JSONCoding.response(try await admin.credentials(of: try context.uuid("id"), context: access))
        }
        add(
            .delete, "/v1/tokens/{id}", summary: "Revoke a token (your own, or of an officer you manage)",
            access: .policy(.revoke, .credential), purpose: "administration", response: Schemas.credential
        ) { _, context, access in
            try JSONCoding.response(try await admin.revoke(tokenId: try context.uuid("id"), context: access))
        }
        add(
            .get, "/v1/me", summary: "Who you are signed in as, and what the policy lets you do", access: .signedIn,
            response: Schemas.object(
                [
                    ("officerId", Schemas.uuid), ("agencyId", Schemas.uuid), ("role", Schemas.string), ("agencyKind", Schemas.string),
                    ("credential", Schemas.string),
                    ("grants", ["type": "array", "items": ["type": "string", "description": "resource.action, e.g. check.decide"]]),
                ],
                required: ["officerId", "agencyId", "role", "agencyKind", "credential", "grants"]
            )
        ) { _, _, access in
            struct Me: Encodable {
                var officerId: UUID
                var agencyId: UUID
                var role: Role
                var agencyKind: AgencyKind
                var credential: String
                var grants: [String]
            }
            let p = access.principal
            let grants = Resource.allCases.flatMap { resource in
                Action.allCases.filter { policy.grant(p.subject, $0, resource) != nil }.map { "\(resource.rawValue).\($0.rawValue)" }
            }
            return try JSONCoding.response(
                Me(officerId: p.officerId, agencyId: p.agencyId, role: p.role, agencyKind: p.agencyKind,
                   credential: p.credentialId, grants: grants)
            )
        }
        add(
            .get, "/v1/me/tokens", summary: "Your tokens, with who issued each (shown so you notice one you did not take)",
            access: .signedIn, response: Schemas.array(Schemas.credential)
        ) { _, _, access in
            try JSONCoding.response(try await admin.credentials(of: access.principal.officerId, context: access))
        }
        add(
            .post, "/v1/me/tokens", summary: "Another token for yourself (a second device); shown once",
            access: .signedIn, body: Schemas.newToken, response: Schemas.issuedToken, status: 201
        ) { request, context, access in
            struct Input: Decodable { var label: String }
            let input = try await JSONCoding.decode(Input.self, from: request, context: context)
            return try JSONCoding.response(try await admin.issueOwnToken(label: input.label, context: access), status: .created)
        }
        open(
            .post, "/v1/enrolment", summary: "Exchange a one-time enrolment code for your own token (shown once)",
            body: Schemas.redeem, response: Schemas.issuedToken, status: 201
        ) { request, context in
            struct Input: Decodable { var enrolmentCode: String; var label: String }
            let input = try await JSONCoding.decode(Input.self, from: request, context: context)
            return try JSONCoding.response(
                try await admin.redeem(enrolmentCode: input.enrolmentCode, label: input.label), status: .created
            )
        }
        add(
            .get, "/v1/policy", summary: "The need-to-know policy in force, as its access matrix (Markdown)",
            access: .policy(.read, .policy), purpose: "administration", response: Schemas.string,
            responseTypes: ["text/markdown"]
        ) { _, _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"],
                body: .init(byteBuffer: .init(string: policy.matrix()))
            )
        }
    }
}
