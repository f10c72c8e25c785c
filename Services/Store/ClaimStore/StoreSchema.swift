import ExpectationRules
import Foundation
import GRDB
import ReportText
import SwapWatchMessages

extension ClaimStore {
    /// The claim store's tables: reports, claims, exchanges, expectation history, the outbox of
    /// numbered events, and the fingerprints reprints are found by.
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
                try FingerprintIndex.save(TextFingerprint(text: row["text"]), reportID: row["id"], db)
            }
        }
        migrator.registerMigration("v3-quarantine") { db in
            try db.create(table: "extractionAttempt") { t in
                t.primaryKey("reportID", .text)
                t.column("contentHash", .text).notNull().indexed()
                t.column("attempts", .integer).notNull()
                t.column("workers", .text).notNull()  // JSON array, in attempt order
                t.column("startedAt", .text).notNull()
                t.column("quarantinedAt", .text)
                t.column("reason", .text)
                t.column("report", .text)  // Report as JSON, kept while quarantined
            }
        }
        migrator.registerMigration("v4-readings-in-memory") { db in
            // Readings under way are kept in memory now; only quarantined and released reports stay.
            try db.execute(sql: "DELETE FROM extractionAttempt WHERE quarantinedAt IS NULL AND reason IS NULL")
        }
        migrator.registerMigration("v5-fewer-pages-a-report") { db in
            // Only a report with claims is looked up by its claims (``StoreLedger/storedReportID``):
            // most reports have none, and their commits no longer write this index's pages.
            try db.drop(index: "report_day_signature")
            try db.create(
                index: "report_day_signature", on: "report", columns: ["day", "claimsSignature"], condition: Column("claimsSignature") != "")
            // A band is one entry in one tree, keyed by its bucket, rather than a row and an index entry.
            try db.create(table: "reportBandByBucket", options: .withoutRowID) { t in
                t.column("bucket", .integer).notNull()
                t.column("reportID", .text).notNull().references("report", column: "id")
                t.primaryKey(["bucket", "reportID"])
            }
            try db.execute(sql: "INSERT INTO reportBandByBucket (bucket, reportID) SELECT DISTINCT bucket, reportID FROM reportBand")
            try db.drop(table: "reportBand")
            try db.rename(table: "reportBandByBucket", to: "reportBand")
        }
        return migrator
    }
}
