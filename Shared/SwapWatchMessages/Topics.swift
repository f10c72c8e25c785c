/// Every pub/sub topic, in one place. A message on the bus is two frames: topic, then envelope.
public enum Topics {
    /// Prefix of every alert: subscribe to it for all alerts.
    public static let alerts = "alert."
    /// `alert.<field>.<exchange id>`: filter by field (`alert.size.`) or exchange.
    public static func alert(field: ExpectationField, exchangeID: String) -> String {
        "alert.\(field.rawValue).\(exchangeID)"
    }

    /// The notifier's heartbeat carrying the last alert sequence number.
    public static let alertsHeartbeat = "heartbeat.alerts"
    /// Prefix of the store's outbox events.
    public static let events = "event."
    /// `event.expectation.<exchange id>`.
    public static func expectationChanged(exchangeID: String) -> String { "event.expectation.\(exchangeID)" }
}
