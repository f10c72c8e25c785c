import AlertSigning
import ArgumentParser
import Foundation

/// `swapwatch keys`: the key the notifier signs alerts with, and its public half that subscribers
/// check them with.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Make or show the alert signing key.", subcommands: [Generate.self, Show.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the notifier's alert signing key pair in DIR (alert-signing.key, private, and alert-signing.pub).")
        @Argument(help: "The folder for the keys.") var directory = ".swapwatch/keys"

        func run() throws {
            let publicKey = try AlertKeys.generate(in: directory)
            print("alert signing key in \(directory)/\(AlertKeys.privateFile) (give it to the notifier: SWAPWATCH_ALERT_SIGNING_KEY)")
            print("public key (for `swapwatch alerts --alert-key` and subscribers): \(publicKey)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the public key alerts are checked with.")
        @Argument(help: "The folder of the keys.") var directory = ".swapwatch/keys"

        func run() throws {
            let path = (directory as NSString).appendingPathComponent(AlertKeys.publicFile)
            guard let key = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CLIError("no \(path): `swapwatch keys generate \(directory)` makes one")
            }
            print(key.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
