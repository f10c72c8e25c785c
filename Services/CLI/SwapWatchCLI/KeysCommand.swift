import AlertSigning
import ArgumentParser
import Foundation
import ServiceSupport

/// `swapwatch keys`: the key the notifier signs alerts with, and its public half that subscribers
/// check them with.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Make a stack's keys, or show the alert signing key.", subcommands: [Generate.self, Show.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Make a stack's keys in DIR: the CurveZMQ keys (the services', a client's, the feeds service's) and allow-lists, and the alert signing key pair; keys DIR already has are kept."
        )
        @Argument(help: "The folder for the keys.") var directory = StackOptions.localKeys

        func run() throws {
            try StackKeys.generate(in: directory)
            // An alert key made before (by an older `keys generate` or a notifier's first start) is
            // kept: subscribers may already check alerts with its public half.
            let alertKey = (directory as NSString).appendingPathComponent(AlertKeys.privateFile)
            let publicKey =
                FileManager.default.fileExists(atPath: alertKey)
                ? try AlertSigner(keyFile: alertKey).publicKey : try AlertKeys.generate(in: directory)
            print(
                "CurveZMQ keys in \(directory): \(StackKeys.stackFile) for the services (SWAPWATCH_KEYS_DIR), \(StackKeys.clientFile) for swapwatch")
            print("alert signing key in \(directory)/\(AlertKeys.privateFile) (give it to the notifier: SWAPWATCH_ALERT_SIGNING_KEY)")
            print("public key (for `swapwatch alerts --alert-key` and subscribers): \(publicKey)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the public key alerts are checked with.")
        @Argument(help: "The folder of the keys.") var directory = StackOptions.localKeys

        func run() throws {
            let path = (directory as NSString).appendingPathComponent(AlertKeys.publicFile)
            guard let key = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CLIError("no \(path): `swapwatch keys generate \(directory)` makes one")
            }
            print(key.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
