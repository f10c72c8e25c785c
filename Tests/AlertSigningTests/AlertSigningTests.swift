import AlertSigning
import Foundation
import SwapWatchMessages
import SwapWatchTesting
import Testing

@Suite struct AlertSigningTests {
    private func keys() throws -> (signer: AlertSigner, verifier: AlertVerifier, directory: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)").path
        let publicKey = try AlertKeys.generate(in: directory)
        let signer = try AlertSigner(keyFile: "\(directory)/\(AlertKeys.privateFile)")
        #expect(signer.publicKey == publicKey)
        return (signer, try AlertVerifier(key: "\(directory)/\(AlertKeys.publicFile)"), directory)
    }

    @Test func aSignedAlertVerifiesAndAnyChangeBreaksIt() throws {
        let (signer, verifier, _) = try keys()
        let signed = try signer.sign(Fixtures.alert(7))
        #expect(verifier.isAuthentic(signed))
        var moved = signed
        moved.after = .size(.perSide(.exactly(123_456)))
        #expect(!verifier.isAuthentic(moved))
        var renumbered = signed
        renumbered.seq = 8
        #expect(!verifier.isAuthentic(renumbered))
        var unsigned = signed
        unsigned.signature = nil
        #expect(!verifier.isAuthentic(unsigned))
        let (_, otherVerifier, _) = try keys()
        #expect(!otherVerifier.isAuthentic(signed), "another stack's key does not verify it")
    }

    @Test func keysAreKeptSafeAndNotReplaced() throws {
        let (_, _, directory) = try keys()
        let attributes = try FileManager.default.attributesOfItem(atPath: "\(directory)/\(AlertKeys.privateFile)")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(throws: AlertKeyError.self) { try AlertKeys.generate(in: directory) }
        #expect(throws: AlertKeyError.self) { try AlertVerifier(key: "not a key") }
        #expect(throws: AlertKeyError.self) { try AlertSigner(keyFile: "\(directory)/\(AlertKeys.publicFile)x") }
    }

    @Test func theSignatureSurvivesAJSONRoundTrip() throws {
        let (signer, verifier, _) = try keys()
        var alert = Fixtures.alert(3)
        alert.evidence.quote = "“Tricky” \"quotes\", back\\slash, a/slash, tab\tnew\nline, \u{1}, Україна, 😀"
        let signed = try signer.sign(alert)
        let decoded = try JSONDecoder().decode(Alert.self, from: try JSONEncoder().encode(signed))
        #expect(verifier.isAuthentic(decoded))
    }
}
