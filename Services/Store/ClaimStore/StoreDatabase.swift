import ExpectationRules
import Foundation
import GRDB
import ReportText
import ServiceSupport
import SwapWatchMessages

/// The claim store's SQLite database (WAL, through a GRDB `DatabasePool`): reports, claims,
/// exchanges, expectation history, and the outbox of numbered events.
public final class StoreDatabase: ServiceResource {
    public let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// Moves the WAL's content into the database file and closes every connection; call once the
    /// service has stopped. (GRDB's readers are read-only, so closing alone does not checkpoint.)
    public func close() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try pool.close()
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "report") { t in
                t.autoIncrementedPrimaryKey("number")
                t.column("id", .text).notNull().unique()
                t.column("contentHash", .text).notNull().unique()
                t.column("published", .text)
                t.column("received", .text).notNull()
                t.column("outlet", .text)
                t.column("url", .text)
                t.column("title", .text)
                t.column("language", .text)
                t.column("text", .text).notNull()
                t.column("extractorVersion", .text).notNull()
                t.column("worker", .text)
                t.column("status", .text).notNull()
                t.column("corroborates", .text)
                t.column("claimsSignature", .text).notNull()
                t.column("day", .text).notNull()
            }
            try db.create(index: "report_day_signature", on: "report", columns: ["day", "claimsSignature"])
            try db.create(table: "exchange") { t in
                t.primaryKey("id", .text)
                t.column("key", .text).notNull()
                t.column("serial", .integer).notNull()
                t.column("parties", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("status", .text).notNull()
                t.column("state", .text).notNull()  // TrackedExchange as JSON
                t.column("lastChanged", .text)
                t.uniqueKey(["key", "serial"])
            }
            try db.create(index: "exchange_key_status", on: "exchange", columns: ["key", "status"])
            try db.create(table: "claim") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("reportID", .text).notNull().references("report", column: "id")
                t.column("type", .text).notNull()
                t.column("exchangeKey", .text).notNull()
                t.column("body", .text).notNull()  // Claim as JSON
            }
            try db.create(index: "claim_report", on: "claim", columns: ["reportID"])
            try db.create(table: "exchangeReport") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("exchangeID", .text).notNull().references("exchange", column: "id")
                t.column("reportID", .text).notNull().references("report", column: "id")
                t.column("effect", .text).notNull()
                t.column("claims", .text).notNull()
                t.column("changes", .text).notNull()
            }
            try db.create(index: "exchange_report_exchange", on: "exchangeReport", columns: ["exchangeID"])
            try db.create(table: "expectationHistory") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("exchangeID", .text).notNull().references("exchange", column: "id")
                t.column("field", .text).notNull()
                t.column("before", .text)
                t.column("after", .text).notNull()
                t.column("reportID", .text).notNull().references("report", column: "id")
                t.column("evidence", .text).notNull()
                t.column("eventSeq", .integer).notNull()
                t.column("changedAt", .text).notNull()
            }
            try db.create(index: "history_exchange", on: "expectationHistory", columns: ["exchangeID"])
            try db.create(table: "outbox") { t in
                t.primaryKey("seq", .integer)
                t.column("topic", .text).notNull()
                t.column("type", .text).notNull()
                t.column("payload", .text).notNull()  // ExpectationChangedEvent as JSON
                t.column("createdAt", .text).notNull()
                t.column("publishedAt", .text)
            }
            try db.create(index: "outbox_unpublished", on: "outbox", columns: ["publishedAt"])
        }
        migrator.registerMigration("v2-reprint-fingerprints") { db in
            try db.create(table: "reportFingerprint") { t in
                t.primaryKey("reportID", .text).references("report", column: "id")
                t.column("minHashes", .blob).notNull()  // TextFingerprint.bytes
            }
            try db.create(table: "reportBand") { t in
                t.column("bucket", .integer).notNull()
                t.column("reportID", .text).notNull().references("report", column: "id")
            }
            try db.create(index: "report_band_bucket", on: "reportBand", columns: ["bucket"])
            // Reports stored before this migration: fingerprint those with claims.
            let reports = try Row.fetchAll(db, sql: "SELECT id, text FROM report WHERE claimsSignature != ''")
            for row in reports {
                try saveFingerprint(db, TextFingerprint(text: row["text"]), reportID: row["id"])
            }
        }
        return migrator
    }

    /// Saves a report's fingerprint and its band buckets (the index reprints are found by).
    static func saveFingerprint(_ db: Database, _ fingerprint: TextFingerprint, reportID: String) throws {
        try db.execute(sql: "INSERT INTO reportFingerprint (reportID, minHashes) VALUES (?, ?)", arguments: [reportID, fingerprint.bytes])
        for bucket in Set(fingerprint.bandBuckets) {
            try db.execute(sql: "INSERT INTO reportBand (bucket, reportID) VALUES (?, ?)", arguments: [bucket, reportID])
        }
    }
}

/// JSON helpers for the columns that hold values as JSON.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) -> String {
        String(decoding: try! MessageCodec.encoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
