/// Every migration, in order. Append only; never edit one that has landed on main.
public enum Migrations {
    public static let all: [Migration] = [
        m0001Foundation,
        m0002Watchlists,
        m0003BorderChecks,
        m0004Manifests,
        m0005Credentials,
        m0006AuditAppendOnly,
        m0007FaceResult,
        m0008ManifestFlaws,
        m0009Registers,
        m0010Presence,
        m0011AlertImportStaging,
        m0012Exchange,
        m0013CheckOwnership,
        m0014PartnerTravellers,
        m0015ExchangeLists,
        m0016MonthlyPartitions,
        m0017CrossingReferenceChecks,
        m0018AuditAppendRoundTrips,
        m0019AuditLookupPlans,
        m0020CheckReferenceChecks,
        m0021AuditHead,
        m0022CrossingPersonCheck,
    ]
}
