#!/usr/bin/env python3
"""Print SwapWatch alerts from a running stack with nothing but pyzmq (pip install pyzmq).

Live alerts arrive on the bus's XPUB endpoint as two frames: the topic
("alert.<field>.<exchange id>") and a CloudEvents 1.0 JSON envelope whose `data` is the alert.
With --since SEQ the script first asks the notifier (a REQ socket) for the kept alerts after SEQ,
then continues live, dropping live alerts the snapshot already covered: no gap, no duplicate.

    python3 subscribe.py                       # every new alert
    python3 subscribe.py --topic alert.size.   # only size changes
    python3 subscribe.py --since 0 --json      # everything kept, then live, as JSON lines

With --alert-key (the notifier's public key, `swapwatch keys show`, or the file holding it; also
SWAPWATCH_ALERT_KEY) every alert must carry the notifier's Ed25519 signature over its canonical JSON
(the alert without "signature", keys sorted, no spaces, UTF-8); one that does not is refused. The
check needs the `cryptography` package (pip install cryptography).
"""
import argparse
import base64
import json
import os
import sys
import time
import uuid
from datetime import datetime, timezone

import zmq

ALERTS = "alert."
HEARTBEAT = "heartbeat.alerts"
MAX_PUBLICATION = 1 << 20  # MessageLimits.publication: the bus drops larger publications


def envelope(message_type, data):
    """A request in the SwapWatch envelope (CloudEvents 1.0 structured JSON, schema version 1)."""
    return json.dumps({
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "/examples/python/subscribe",
        "type": message_type,
        "time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "datacontenttype": "application/json",
        "schemaversion": 1,
        "data": data,
    }).encode()


def query(context, endpoint, after, topic, limit, timeout_ms, curve=None):
    """One page of the notifier's snapshot: {"alerts", "coveredThrough", "lastSeq"}."""
    request = secure(context.socket(zmq.REQ), curve)
    request.setsockopt(zmq.LINGER, 0)
    request.connect(endpoint)
    try:
        request.send(envelope("org.swapwatch.query.alerts", {"after": after, "topicPrefix": topic, "limit": limit}))
        if not request.poll(timeout_ms):
            raise TimeoutError(f"the notifier at {endpoint} did not answer")
        reply = json.loads(request.recv())
    finally:
        request.close()
    if reply["type"] == "org.swapwatch.error":
        raise RuntimeError(reply["data"]["message"])
    return reply["data"]


def snapshot(context, endpoint, after, topic, timeout_ms, curve=None):
    """Kept alerts with seq > after whose topic starts with `topic`; pages until caught up."""
    alerts, covered = [], after
    while True:
        page = query(context, endpoint, covered, topic, 1000, timeout_ms, curve)
        alerts += [a for a in page["alerts"] if a["seq"] > covered]
        covered = max([covered, page["coveredThrough"]] + [a["seq"] for a in page["alerts"]])
        if covered >= page["lastSeq"]:
            return alerts, covered


def value(field, v):
    if v is None:
        return "none"
    if field == "date":
        if v["earliest"] is None and v["latest"] is None:
            return "unknown"
        if v["earliest"] == v["latest"]:
            return v["earliest"]
        return f"{v['earliest'] or '…'} to {v['latest'] or '…'}"
    if "sides" in v:
        return ", ".join(f"{side}: {value(field, n)}" for side, n in sorted(v["sides"].items()))
    low, high = v.get("min"), v.get("max")
    if low == high:
        return f"{low:,} per side"
    if low is None:
        return f"up to {high:,} per side"
    if high is None:
        return f"at least {low:,} per side"
    return f"{low:,}–{high:,} per side"


def line(alert):
    report, evidence = alert["report"], alert["evidence"]
    who = ", ".join(x for x in [evidence.get("speaker"), "hedged" if evidence.get("hedged") else None] if x)
    return (f"#{alert['seq']} {alert['field'].upper():4}  {alert['exchange']['id']}  "
            f"{value(alert['field'], alert['before'])} → {value(alert['field'], alert['after'])}  · "
            f"{report.get('outlet') or report['id']}, {(report.get('published') or '')[:10]} · "
            f"\"{evidence['quote'][:160]}\"" + (f" ({who})" if who else ""))


def curve_keys(directory):
    """(public, secret, server public) keys from a stack's keys folder, or None without one."""
    if not directory:
        return None
    pair = dict(line.split(" ", 1) for line in open(os.path.join(directory, "client.curve")).read().split("\n") if " " in line)
    server = open(os.path.join(directory, "stack.curve.pub")).read().strip()
    return pair["public"].strip().encode(), pair["secret"].strip().encode(), server.encode()


def secure(socket, curve):
    """Makes `socket` a CurveZMQ client of the stack when there are keys (before it connects)."""
    if curve:
        socket.curve_publickey, socket.curve_secretkey, socket.curve_serverkey = curve
    return socket


def alert_verifier(key):
    """A function that tells whether an alert is signed with the notifier's key, or None without a key."""
    if not key:
        return None
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    text = open(key).read() if os.path.exists(key) else key
    public_key = Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip()))

    def is_authentic(alert):
        signature = alert.get("signature")
        if not signature:
            return False
        unsigned = {name: value for name, value in alert.items() if name != "signature"}
        canonical = json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        try:
            public_key.verify(base64.b64decode(signature), canonical)
            return True
        except (InvalidSignature, ValueError):
            return False

    return is_authentic


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribe-endpoint", default=os.environ.get("SWAPWATCH_SUBSCRIBE_ENDPOINT", "tcp://127.0.0.1:5553"))
    parser.add_argument("--notifier-endpoint", default=os.environ.get("SWAPWATCH_NOTIFIER_ENDPOINT", "tcp://127.0.0.1:5555"))
    parser.add_argument("--topic", default=ALERTS, help="topic prefix: alert., alert.size., alert.date.<exchange id>")
    parser.add_argument("--since", type=int, help="first deliver kept alerts with seq above this")
    parser.add_argument("--count", type=int, help="exit after this many alerts")
    parser.add_argument("--idle-timeout", type=float, help="exit after this many seconds without an alert")
    parser.add_argument("--json", action="store_true", help="one alert object per line")
    parser.add_argument("--alert-key", default=os.environ.get("SWAPWATCH_ALERT_KEY"), help="the notifier's public key, or its file")
    parser.add_argument("--keys-dir", default=os.environ.get("SWAPWATCH_KEYS_DIR"),
                        help="the stack's keys folder (client.curve, stack.curve.pub): talk CurveZMQ to a stack with keys")
    args = parser.parse_args()
    is_authentic = alert_verifier(args.alert_key)
    if not args.topic.startswith(ALERTS):
        parser.error("--topic must start with alert.")

    context = zmq.Context()
    curve = curve_keys(args.keys_dir)
    subscriber = secure(context.socket(zmq.SUB), curve)
    subscriber.setsockopt(zmq.LINGER, 0)
    subscriber.setsockopt(zmq.MAXMSGSIZE, MAX_PUBLICATION)  # a larger alert comes from the snapshot
    subscriber.connect(args.subscribe_endpoint)
    subscriber.setsockopt_string(zmq.SUBSCRIBE, args.topic)      # subscribe first …
    subscriber.setsockopt_string(zmq.SUBSCRIBE, HEARTBEAT)

    delivered = 0
    last_activity = time.monotonic()

    def deliver(alert):
        nonlocal delivered, last_activity
        if is_authentic is not None and not is_authentic(alert):
            print(f"refused alert #{alert.get('seq')} {alert.get('id')}: not signed with the notifier's key; a forgery?", file=sys.stderr, flush=True)
            return False
        print(json.dumps(alert, ensure_ascii=False) if args.json else line(alert), flush=True)
        delivered += 1
        last_activity = time.monotonic()
        if args.count is not None and delivered >= args.count:
            sys.exit(0)
        return True

    def fill(covered):
        """… then fetch what the subscription cannot have: the snapshot after `covered`."""
        try:
            alerts, covered = snapshot(context, args.notifier_endpoint, covered, args.topic, 5000, curve)
        except TimeoutError as error:
            print(f"snapshot deferred: {error}", file=sys.stderr)
            return covered
        for alert in alerts:
            deliver(alert)
        return covered

    if args.since is None:  # live only: start after the newest kept alert
        try:
            covered = query(context, args.notifier_endpoint, 0, args.topic, 0, 5000, curve)["lastSeq"]
        except TimeoutError as error:
            sys.exit(f"cannot reach the notifier: {error}")
    else:
        covered = fill(args.since)
    # A fresh SUB misses what is published before its subscription reaches the bus, so the first
    # heartbeat (at most a second away) is the cue to fill once more.
    live = False
    while True:
        if subscriber.poll(200):
            topic, body = subscriber.recv_multipart()
            message = json.loads(body)
            if topic.decode() == HEARTBEAT:
                if not live:
                    live = True
                    print(f"live: subscribed to {args.topic} at {args.subscribe_endpoint}", file=sys.stderr, flush=True)
                if message["data"]["lastSeq"] > covered:
                    covered = fill(covered)
            else:
                alert = message["data"]
                if alert["seq"] == covered + 1:
                    if deliver(alert):
                        covered = alert["seq"]
                    else:
                        covered = fill(covered)  # the real alert of that number, if any, is in the snapshot
                elif alert["seq"] > covered:
                    covered = fill(covered)  # a gap, or alerts outside our topic: the snapshot says
        if args.idle_timeout is not None and time.monotonic() - last_activity > args.idle_timeout:
            return


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
