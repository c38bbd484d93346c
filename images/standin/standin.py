#!/usr/bin/python3
"""Stand-in for a service of the stack that has no offline image (infra-demo/<kind>:standin).

It answers the HTTP endpoints the stack and its monitoring use (health, readiness,
metrics), on the real service's ports, and nothing else. STANDIN_KIND (set in each
image) picks the service; command-line arguments (e.g. n8n's `worker`, minio's
`server /data --console-address :9001`) are accepted, and only minio's --address and
--console-address are read. Standard library only: runs on python3-minimal, which has
no http.server, hence the small HTTP/1.0 server below. See images/README.md.
"""
import os
import signal
import socket
import sys
import threading
import time

KIND = os.environ.get("STANDIN_KIND", "")
OF = os.environ.get("STANDIN_OF", KIND)
STATIC_DIR = os.environ.get("STANDIN_STATIC_DIR", "/usr/share/standin")
VERBOSE = os.environ.get("STANDIN_VERBOSE", "") not in ("", "0", "false")
STARTED = time.time()
_count = 0
_count_lock = threading.Lock()

REASONS = {200: "OK", 204: "No Content", 302: "Found", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}
JSON = "application/json"
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
PROM = "text/plain; version=0.0.4; charset=utf-8"


def env(name, default=""):
    return os.environ.get(name, "") or default


def jstr(s):
    out = ['"']
    for ch in str(s):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def page(title, text):
    return ("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head>\n"
            "<body><h1>%s</h1><p>%s</p></body></html>\n" % (title, title, text))


def metrics():
    with _count_lock:
        n = _count
    esc = lambda v: v.replace("\\", "\\\\").replace('"', '\\"')
    return "".join([
        "# HELP standin_up 1 while the stand-in answers.\n",
        "# TYPE standin_up gauge\n",
        "standin_up 1\n",
        "# HELP standin_info The service this stand-in replaces.\n",
        "# TYPE standin_info gauge\n",
        'standin_info{kind="%s",of="%s"} 1\n' % (esc(KIND), esc(OF)),
        "# HELP standin_http_requests_total HTTP requests served.\n",
        "# TYPE standin_http_requests_total counter\n",
        "standin_http_requests_total %d\n" % n,
        "# HELP standin_start_time_seconds Start time of the stand-in since the Unix epoch.\n",
        "# TYPE standin_start_time_seconds gauge\n",
        "standin_start_time_seconds %.3f\n" % STARTED,
    ])


def tcp_ok(host, port, timeout=2.0):
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
        return True
    except (OSError, ValueError):
        return False


# ---- per-service behaviour: handler(port, path, headers) -> (status, type, body[, extra headers])

def redis_ok(host, port, password, timeout=2.0):
    """AUTH (when a password is set) and PING over RESP: what n8n's Bull client needs from Redis."""
    try:
        conn = socket.create_connection((host, int(port)), timeout=timeout)
    except (OSError, ValueError):
        return False
    try:
        conn.settimeout(timeout)
        cmds = []
        if password:
            cmds.append(["AUTH", password])
        cmds.append(["PING"])
        for cmd in cmds:
            conn.sendall(("*%d\r\n" % len(cmd) + "".join("$%d\r\n%s\r\n" % (len(a.encode()), a) for a in cmd)).encode())
        reply = b""
        while reply.count(b"\r\n") < len(cmds):
            chunk = conn.recv(4096)
            if not chunk:
                break
            reply += chunk
        return reply.split(b"\r\n")[len(cmds) - 1] == b"+PONG"
    except OSError:
        return False
    finally:
        conn.close()


def n8n_worker():
    return sys.argv[1:2] == ["worker"]


def n8n(port, path, headers):
    if path == "/healthz":
        return 200, JSON, '{"status":"ok"}'
    if path == "/healthz/readiness":
        # real n8n: ready when the database is connected (and migrated); a queue worker's also needs its Redis client
        if env("DB_TYPE", "sqlite") != "postgresdb" and not env("DB_POSTGRESDB_HOST"):
            return 200, JSON, '{"status":"ok"}'  # SQLite: nothing to wait for
        host, dbport = env("DB_POSTGRESDB_HOST", "localhost"), env("DB_POSTGRESDB_PORT", "5432")
        if not tcp_ok(host, dbport):
            return 503, JSON, '{"status":"error","message":%s}' % jstr("cannot reach %s:%s" % (host, dbport))
        if env("EXECUTIONS_MODE") == "queue":
            rhost, rport = env("QUEUE_BULL_REDIS_HOST", "localhost"), env("QUEUE_BULL_REDIS_PORT", "6379")
            if not redis_ok(rhost, rport, env("QUEUE_BULL_REDIS_PASSWORD")):
                return 503, JSON, '{"status":"error","message":%s}' % jstr("no PONG from Redis at %s:%s" % (rhost, rport))
        return 200, JSON, '{"status":"ok"}'
    if n8n_worker():
        return None  # the worker's server has the health endpoints only
    if path == "/metrics":
        if env("N8N_METRICS") == "true":
            return 200, PROM, metrics()
        return 404, TEXT, "Cannot GET /metrics (N8N_METRICS is not true)\n"
    if path == "/":
        return 200, HTML, page("n8n (stand-in)", "Workflow automation stand-in.")
    return None


def n8n_ports():
    """The main instance serves on N8N_PORT; a worker serves its health endpoints on QUEUE_HEALTH_CHECK_PORT
    only with QUEUE_HEALTH_CHECK_ACTIVE=true, as n8n does, and refuses to start without queue mode and a key."""
    if not n8n_worker():
        return [int(env("N8N_PORT", "5678"))]
    for name, want in (("EXECUTIONS_MODE", "queue"), ("N8N_ENCRYPTION_KEY", None)):
        if not env(name) or (want and env(name) != want):
            print("standin: n8n worker needs %s%s" % (name, "=" + want if want else ""), file=sys.stderr, flush=True)
            sys.exit(1)
    if env("QUEUE_HEALTH_CHECK_ACTIVE") != "true":
        return []
    return [int(env("QUEUE_HEALTH_CHECK_PORT", "5678"))]


def qdrant(port, path, headers):
    if path in ("/healthz", "/livez", "/readyz"):
        return 200, TEXT, "%s check passed" % path[1:]
    keys = [k for k in (env("QDRANT__SERVICE__API_KEY"), env("QDRANT__SERVICE__READ_ONLY_API_KEY")) if k]
    if keys:
        given = headers.get("api-key", "")
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            given = given or auth[7:].strip()
        if given not in keys:
            return 401, TEXT, "Must provide an API key or an Authorization bearer token"
    if path == "/":
        return 200, JSON, '{"title":"qdrant - vector search engine","version":"stand-in"}'
    if path == "/metrics":
        return 200, PROM, metrics()
    if path == "/collections":
        return 200, JSON, '{"result":{"collections":[]},"status":"ok","time":0.0}'
    return None


def minio(port, path, headers):
    if port == MINIO_CONSOLE_PORT:
        return 200, HTML, page("MinIO Console (stand-in)", "Object storage console stand-in.")
    if path in ("/minio/health/live", "/minio/health/ready", "/minio/health/cluster"):
        return 200, TEXT, ""
    if path in ("/minio/v2/metrics/cluster", "/minio/v2/metrics/node") or path.startswith("/minio/metrics/v3"):
        return 200, PROM, metrics()
    return 403, "application/xml", ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
                                    '<Message>Access Denied. (stand-in)</Message></Error>')


def grafana(port, path, headers):
    if path == "/api/health":
        return 200, JSON, '{"database":"ok","version":"stand-in"}'
    if path in ("/", "/login"):
        return 200, HTML, page("Grafana (stand-in)", "Dashboards stand-in.")
    return None


def small_service(port, path, headers):
    if path == "/healthz":
        return 200, JSON, '{"status":"ok"}'
    if path == "/metrics" and KIND in ("ai-proxy", "embed-service"):
        return 200, PROM, metrics()
    if path == "/":
        return 200, HTML, page("%s (stand-in)" % KIND, "Stand-in for %s." % OF)
    return None


def strudel(port, path, headers):
    if path == "/healthz":
        return 200, JSON, '{"status":"ok"}'
    if path in ("/", "/index.html"):
        try:
            with open(os.path.join(STATIC_DIR, "strudel", "index.html"), encoding="utf-8") as f:
                return 200, HTML, f.read()
        except OSError:
            return 200, HTML, page("Strudel (stand-in)", "Live coding stand-in.")
    return None


def arg_port(flag, default):
    """minio-style flag value ':9001' or 'host:9001' from argv."""
    argv = sys.argv[1:]
    for i, a in enumerate(argv):
        val = None
        if a == flag and i + 1 < len(argv):
            val = argv[i + 1]
        elif a.startswith(flag + "="):
            val = a.split("=", 1)[1]
        if val:
            try:
                return int(val.rsplit(":", 1)[-1])
            except ValueError:
                pass
    return default


MINIO_CONSOLE_PORT = arg_port("--console-address", 9001)
SERVICES = {  # kind: (handler, ports)
    "n8n": (n8n, n8n_ports() if KIND == "n8n" else []),
    "qdrant": (qdrant, [int(env("QDRANT__SERVICE__HTTP_PORT", "6333"))]),
    "minio": (minio, [arg_port("--address", 9000), MINIO_CONSOLE_PORT]),
    "grafana": (grafana, [int(env("GF_SERVER_HTTP_PORT", "3000"))]),
    "ai-proxy": (small_service, [int(env("PORT", "8080"))]),
    "embed-service": (small_service, [int(env("PORT", "8000"))]),
    "jeux-text": (small_service, [int(env("PORT", "3001"))]),
    "strudel": (strudel, [int(env("PORT", "4321"))]),
}


# ---- HTTP/1.0 server ---------------------------------------------------------------------

def respond(conn, status, ctype, body, extra=None, head=False):
    data = body.encode("utf-8") if isinstance(body, str) else body
    lines = ["HTTP/1.0 %d %s" % (status, REASONS.get(status, "Status")),
             "Content-Type: " + ctype,
             "Content-Length: %d" % len(data),
             "Server: standin-" + KIND,
             "Connection: close"]
    for k, v in (extra or {}).items():
        lines.append("%s: %s" % (k, v))
    conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (b"" if head else data))


def handle(conn, port, handler):
    global _count
    try:
        conn.settimeout(10)
        buf = b""
        while b"\r\n\r\n" not in buf and b"\n\n" not in buf and len(buf) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                break
            buf += chunk
        text = buf.decode("latin-1")
        lines = text.replace("\r\n", "\n").split("\n")
        parts = lines[0].split()
        if len(parts) < 2:
            return
        method, target = parts[0].upper(), parts[1]
        path = target.split("?", 1)[0] or "/"
        if path.startswith("http://") or path.startswith("https://"):
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        headers = {}
        for line in lines[1:]:
            if not line:
                break
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        with _count_lock:
            _count += 1
        if method not in ("GET", "HEAD"):
            res = (405, TEXT, "method not allowed\n")
        else:
            res = handler(port, path, headers) or (404, TEXT, "404 page not found\n")
        respond(conn, *res, head=(method == "HEAD"))
        if VERBOSE:
            print("%s :%d %s %s -> %d" % (KIND, port, method, target, res[0]), flush=True)
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def listen(port):
    try:  # dual stack when the container has IPv6, IPv4 otherwise
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("::", port))
    except OSError:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
    s.listen(64)
    return s


def serve(sock, port, handler):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=handle, args=(conn, port, handler), daemon=True).start()


def main():
    if KIND not in SERVICES:
        print("standin: STANDIN_KIND must be one of %s (got %r)" % (", ".join(sorted(SERVICES)), KIND),
              file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    handler, ports = SERVICES[KIND]
    if not ports:  # an n8n worker without its health server: nothing to serve, keep running
        print("standin: %s (stand-in for %s) running with no port (arguments: %s)" % (KIND, OF, " ".join(sys.argv[1:])), flush=True)
        while True:
            time.sleep(3600)
    socks = [(listen(p), p) for p in ports]
    print("standin: %s (stand-in for %s) listening on %s%s" % (
        KIND, OF, ", ".join(str(p) for p in ports),
        (" (arguments: %s)" % " ".join(sys.argv[1:])) if sys.argv[1:] else ""), flush=True)
    for s, p in socks[1:]:
        threading.Thread(target=serve, args=(s, p, handler), daemon=True).start()
    serve(socks[0][0], socks[0][1], handler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
