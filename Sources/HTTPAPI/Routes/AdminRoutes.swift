import Foundation
import Hummingbird
import Services
import Store

extension APIBuilder {
    /// Agencies, officers and tokens (admin).
    func addAdminRoutes() {
        let admin = services.admin
        add(
            .get, "/v1/agencies", summary: "The directory of agencies", access: .roles(Set(Role.allCases)),
            response: Schemas.array(Schemas.agency)
        ) { _, _, _ in
            try JSONCoding.response(try await admin.agencies())
        }
        add(
            .post, "/v1/agencies", summary: "Create an agency", access: .roles([.admin]), body: Schemas.newAgency,
            response: Schemas.agency, status: 201
        ) { request, context, _ in
            let input = try await JSONCoding.decode(AdminService.NewAgency.self, from: request, context: context)
            return try JSONCoding.response(try await admin.createAgency(input), status: .created)
        }
        add(
            .get, "/v1/agencies/{id}/officers", summary: "Officers of your own agency", access: .roles([.admin]),
            response: Schemas.array(Schemas.officer)
        ) { _, context, access in
            try JSONCoding.response(try await admin.officers(in: try context.uuid("id"), by: access!.principal))
        }
        add(
            .post, "/v1/agencies/{id}/officers", summary: "Create an officer in your agency; the token is shown once",
            access: .roles([.admin]), body: Schemas.newOfficer, response: Schemas.issuedToken, status: 201
        ) { request, context, access in
            struct Input: Decodable { var name: String; var role: Role }
            let input = try await JSONCoding.decode(Input.self, from: request, context: context)
            let issued = try await admin.createOfficer(
                input.name, role: input.role, in: try context.uuid("id"), by: access!.principal
            )
            return try JSONCoding.response(issued, status: .created)
        }
        add(
            .post, "/v1/officers/{id}/tokens", summary: "Issue another token for an officer of your agency",
            access: .roles([.admin]), body: Schemas.newToken, response: Schemas.issuedToken, status: 201
        ) { request, context, access in
            struct Input: Decodable { var label: String }
            let input = try await JSONCoding.decode(Input.self, from: request, context: context)
            let issued = try await admin.issueToken(
                officerId: try context.uuid("id"), label: input.label, by: access!.principal
            )
            return try JSONCoding.response(issued, status: .created)
        }
    }
}
