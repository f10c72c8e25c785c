import ServiceSupport
import Testing

/// A settings type as a service declares one.
private struct ExampleSettings: ServiceSettings {
    static let command = "swapwatch-example"
    static let abstract = "An example."
    static let bind = SettingKey.bind("example", like: EndpointSettings.store, help: "Where it listens.")
    static let sink = SettingKey("alert.sink", default: nil, help: "An optional file.")
    static let keys = [bind, sink, EndpointSettings.publish]

    let reader: SettingsReader
    var bind: String { reader.value(Self.bind) }
    var sink: String? { reader.optionalValue(Self.sink) }
    var publish: String { reader.value(EndpointSettings.publish) }
}

@Suite struct ServiceSettingsTests {
    private func read(_ arguments: [String], _ environment: [String: String] = [:]) -> ExampleSettings {
        ExampleSettings(reader: SettingsReader(arguments: ["swapwatch-example"] + arguments, environment: environment))
    }

    @Test func oneKeyNamesTheFlagAndTheVariable() {
        #expect(ExampleSettings.bind.flag == "--example-bind")
        #expect(ExampleSettings.bind.environmentVariable == "SWAPWATCH_EXAMPLE_BIND")
        #expect(ExampleSettings.sink.environmentVariable == "SWAPWATCH_ALERT_SINK")
    }

    @Test func aFlagOverridesTheEnvironmentWhichOverridesTheDefault() {
        #expect(read([]).bind == "tcp://127.0.0.1:5554")
        #expect(read([], ["SWAPWATCH_EXAMPLE_BIND": "tcp://*:6000"]).bind == "tcp://*:6000")
        #expect(read(["--example-bind", "tcp://*:7000"], ["SWAPWATCH_EXAMPLE_BIND": "tcp://*:6000"]).bind == "tcp://*:7000")
        #expect(read(["--example-bind=tcp://*:8000"]).bind == "tcp://*:8000")
    }

    @Test func aValueWithCommasIsReadWhole() {
        #expect(read(["--alert-sink", "en,uk,ru"]).sink == "en,uk,ru")
        #expect(read(["--alert-sink=en,uk"]).sink == "en,uk")
        #expect(read([], ["SWAPWATCH_ALERT_SINK": "en,uk,ru"]).sink == "en,uk,ru")
    }

    @Test func anEmptyVariableIsUnsetAndAnOptionalSettingStaysNil() {
        #expect(read([], ["SWAPWATCH_EXAMPLE_BIND": "", "SWAPWATCH_ALERT_SINK": ""]).bind == "tcp://127.0.0.1:5554")
        #expect(read([], ["SWAPWATCH_ALERT_SINK": ""]).sink == nil)
        #expect(read([], ["SWAPWATCH_ALERT_SINK": "/tmp/a.jsonl"]).sink == "/tmp/a.jsonl")
        #expect(read([], ["EXAMPLE_BIND": "tcp://*:9"]).bind == "tcp://127.0.0.1:5554", "only SWAPWATCH_ variables count")
    }

    @Test func anUnknownFlagOrAMissingValueIsRefusedAndHelpListsEveryKey() throws {
        #expect(throws: SettingsError.self) { try SettingsReader.validate(["x", "--bind", "tcp://*:1"], for: ExampleSettings.self) }
        #expect(throws: SettingsError.self) { try SettingsReader.validate(["x", "--example-bind"], for: ExampleSettings.self) }
        #expect(throws: SettingsError.self) { try SettingsReader.validate(["x", "positional"], for: ExampleSettings.self) }
        #expect(try !SettingsReader.validate(["x", "--example-bind", "tcp://*:1", "--alert-sink=/a"], for: ExampleSettings.self))
        #expect(try SettingsReader.validate(["x", "--help"], for: ExampleSettings.self))
        let help = SettingsReader.help(for: ExampleSettings.self)
        for key in ExampleSettings.keys {
            #expect(help.contains(key.flag) && help.contains(key.environmentVariable))
        }
        #expect(help.contains("(default: tcp://127.0.0.1:5552)"))
    }
}
