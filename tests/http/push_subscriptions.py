"""Web Push through the real server (app/push_service.h): a push service stub on loopback (the
server runs with --push-hosts 127.0.0.1, so it may POST there and nowhere else), the patient's
subscription made by the route matrix, the test notification as the stub received it, and the
subscription removed."""
import http.server
import threading

from harness import check, expect

# The browser's keys of RFC 8291 Appendix A: a real P-256 point and a 16-byte secret.
P256DH = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
AUTH = "BTBZMqHH6r4Tts7J_aSIgg"


class PushServiceStub:
    """An HTTP push service on 127.0.0.1 that records each POST (path, headers, body length) and
    answers 201 Created, as push services do."""

    def __init__(self):
        self.received = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                stub.received.append({"path": self.path, "headers": dict(self.headers),
                                      "body_length": len(body)})
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def endpoint(self, name):
        return "http://127.0.0.1:%d/%s" % (self.port, name)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def subscription_body(endpoint):
    """What the browser's PushSubscription.toJSON() gives."""
    return {"endpoint": endpoint, "expirationTime": None, "keys": {"p256dh": P256DH, "auth": AUTH}}


def push_subscriptions(world, stub):
    """After the matrix: patient 1 of clinic a holds the subscription the matrix made (its
    endpoint carries their canary, which the canary scan then looked for) and the stub received
    the matrix's test notification."""
    a = world["clinics"]["a"]
    patient, other, admin = a["users"]["patient1"], a["users"]["patient2"], a["users"]["admin"]
    p1 = a["ids"]["patient"][0]
    base = "/api/v1/patients/%d/push-subscriptions" % p1
    pattern = "/api/v1/patients/{id}/push-subscriptions"

    r = patient.request("GET", base, pattern=pattern)
    expect(r, 200, "push: the patient's subscriptions")
    listed = r.json() if r.status == 200 else {}
    check(listed.get("available") is True, "push: available with a push sender: %s" % r.text)
    key = listed.get("public_key", "")
    check(len(key) == 87 and key.startswith("B"), "push: the clinic's VAPID key: %r" % key)
    subscriptions = listed.get("subscriptions", [])
    check([s["endpoint"] for s in subscriptions] == [world["push_endpoint"]],
          "push: the matrix's subscription is listed: %s" % r.text)
    check(admin.request("GET", base, pattern=pattern).text == r.text,
          "push: staff see the same list")

    # The matrix's POST .../test reached the stub: one encrypted, VAPID-signed message.
    tests = [m for m in stub.received if m["path"] == "/Zzcanarya1push"]
    check(len(tests) == 1, "push: the stub received %d test notification(s)" % len(tests))
    for message in tests[:1]:
        headers = {name.lower(): value for name, value in message["headers"].items()}
        check(headers.get("authorization", "").startswith("vapid t="),
              "push: Authorization is a VAPID token: %r" % headers.get("authorization"))
        check(headers.get("content-encoding") == "aes128gcm",
              "push: Content-Encoding aes128gcm: %r" % headers.get("content-encoding"))
        check(headers.get("ttl", "").isdigit(), "push: a TTL header: %r" % headers.get("ttl"))
        check(message["body_length"] > 86, "push: an aes128gcm body (header 86 bytes, then the "
              "record): %d bytes" % message["body_length"])

    # An endpoint on a host the server does not send to is refused, naming the field.
    r = patient.request("POST", base, subscription_body("https://push.invalid/x"),
                        pattern=pattern)
    expect(r, 422, "push: an endpoint of another host")
    check('"path":"endpoint"' in r.text.replace(" ", ""), "push: 422 names endpoint: %s" % r.text)

    # Removing it: another patient cannot (404), the patient can (204), then it is gone (404).
    if subscriptions:
        one = "%s/%d" % (base, subscriptions[0]["id"])
        delete_pattern = pattern + "/{subscription_id}"
        expect(other.request("DELETE", one, pattern=delete_pattern), 404,
               "push: another patient removes the subscription")
        expect(patient.request("DELETE", one, pattern=delete_pattern), 204,
               "push: the patient removes their subscription")
        expect(patient.request("DELETE", one, pattern=delete_pattern), 404,
               "push: a removed subscription")
    r = patient.request("POST", base + "/test", pattern=pattern + "/test")
    expect(r, 404, "push: a test notification without a subscription")
