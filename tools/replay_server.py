#!/usr/bin/env python3
"""A local stand-in for Dukascopy's jetta JSON API, for tests, benchmarks and `make demo`.

Binds 127.0.0.1 only. Serves, in this order of preference:
  1. the real recorded payloads in FIXTURES/jetta/ (EUR-USD 2026-07-10 and 2026-07-11, BTC-USD 2023-02-19,
     the BTC-USD still-open day from=1783900800000);
  2. day files in cache layout under each --data-dir (YYYY/MM/SYM_YYYYMMDD.json), e.g.
     FIXTURES/btc-usd-2023-02/cache (added automatically when FIXTURES is given);
  3. generated days from gen_days.py for the --gen-symbols (deterministic from symbol and date).
Any other instrument gets 400 {"error":"Instrument not found"} (an unknown instrument).

Both sides of the quote: every path served with BID (historical day, open day ?from=, hour and day reference
candles) is served with ASK too, for the same days, fixture days included. An ASK minute day is made from the
BID day the server would send (gen_days.ask_payload): at every minute the ASK candle is the BID candle plus a
spread s >= 1 multiplier step on all four prices (so ask > bid at every price, and the candle stays whole), s
varying per minute, deterministic from symbol, day and minute: mostly near the low end, now and then wide,
doubled in the 21:00-22:59 UTC rollover for FX and metals; FX 1-3 pips, metals 1-4, indices 0.7-2 and crypto
3-12 basis points of the day's first open. Times and volumes are BID's: Dukascopy's real ask volume differs,
the replay does not model it. ASK hour and day candles are always aggregated from the ASK minute days (the
recorded reference answers are BID only), so they agree with the ASK minutes as BID's do with BID's. A
revision (the "revise" fault) applies to the side its path names. BID answers are exactly what they were
before the ask side existed.

Instrument metadata (the "instrument metadata" section below): /v1/instruments/{CODE} answers the real recorded
FIXTURES/jetta/instrument-CODE.json when there is one, else, for a generated symbol, an answer shaped like the
real ones and consistent with the generated days: FX sessions Sunday 17:00 to Friday 17:00 New York time with
25 December and 1 January as whole-day UTC holidays, crypto every day in UTC; every history (TICK, MINUTE,
HOUR, DAY) starting at --gen-start (default 2000-01-01). A symbol known only from a --data-dir gets 404
(metadata missing); any other 400 {"error":"Instrument not found"}. /v1/instruments is the array of every
instrument the server can describe (the assumed shape of the never-recorded real list).

The server has its own clock ("now"), from --now or POST /_control {"now": "2026-07-12T10:30:00Z"}; it defaults
to the real UTC clock. A historical day request for today or later is 400 {"error":"From time is too late"}.
An open-day request (?from=<ms of today 00:00>) returns today's candles up to the current minute.
A request without a dukascopy.com Referer gets the bot challenge: 202 with an empty body.

Faults, from --fault-plan FILE (a JSON list) or POST /_control {"faults": [...]} (appended), each
{"match": "<substring of the request path+query>", "kind": K, "times": N (default 1, -1 = forever), ...}:
  status     answer "status" (e.g. 500, 503, 302) with "body" (default ""), optional "retry_after", "location"
  429        429 Too Many Requests, Retry-After "retry_after" (default "1")
  202        the bot challenge: 202, empty body
  too_late   400 {"error":"From time is too late"}
  unknown    400 {"error":"Instrument not found"}
  slow       wait "delay" seconds (default 30), then answer normally; when the client gives up first (closes
             the connection), stop waiting and log the request as client-gone at once
  hold       wait until POST /_control {"release": true} (or until the client gives up), then answer normally;
             GET /_status counts the requests being held, so a test can wait for one to arrive
  reset      close the connection with a TCP reset, no answer
  truncate   send the headers with the full Content-Length, then half the body, then close
  malformed  200 with a body that is not valid JSON
  empty      200 with the empty-day payload (null bases, empty arrays): the "empty weekday" glitch
  partial    200 with the day cut to its first "keep" candles (default: half), a valid payload that simply
             lacks the rest: the "records missing" glitch (dukascopy-node#130)
  revise     from now on serve revision "candles" (default 3) of the day: that many candles changed (backfill)
  reshape    200 with valid JSON of another shape: the list as {"instruments": [...]}, an instrument without
             its "histories" (for the metadata endpoints)
  candle_differs  (hour and day endpoints) change one aggregated candle: "at" (e.g. "2023-02-05T13:00:00Z",
             default the first), "field" (open/high/low/close/volume, default high), "by" (multiplier units,
             default 1; for volume: a decimal added, default "1"). A hole in our cache that verify must find.
Dukascopy's own aggregated candles (issue #11): the real recorded ones in FIXTURES/jetta/ (BTC-USD hours of
2023-01 and 2023-02, days of 2019 and 2023), verbatim; otherwise built from the server's own minute days (so a day served
short or revised at fetch time is whole in them): /v1/candles/hour/{CODE}/{SIDE}/{Y}/{M} (a month of hours) and
/v1/candles/day/{CODE}/{SIDE}/{Y} (a year of days), same shape as a minute day with shift 3600000 / 86400000,
open/high/low/close the first/max/min/last minute prices, volumes summed and rounded half-even to 6 decimals
(as Dukascopy's are). Days from the server's today on are left out.
Other control: POST /_control {"reset": true} clears faults, revisions and the log; GET /_log returns the
request log as JSON lines (also appended to --log FILE): wall time, monotonic time, path, status, referer.
Entries are appended as answers end, so concurrent requests are logged in no fixed order and a given-up slow
answer may be logged after the retry that replaced it: sort by "mono" (when the request arrived) to order
them. GET /_log?settled=1 first waits until no connection other than its own is open, except held ones: by
then every request a finished client made is in the log. GET /_status: {"open": connections being served,
"held": requests held, "logged": log entries}.

Readiness: --port-file FILE gets the port once the server listens; --print-port prints it on stdout instead.
start() (for Python callers) runs the server in a child process and returns once it listens.
Stops on SIGTERM/SIGINT, quietly (no traceback), or by itself after --max-seconds.
Client mode, for shell scripts (make demo): --send JSON posts to /_control, --get PATH prints GET PATH's answer
(e.g. /_log?settled=1), both to the server whose port is in --port-file.
"""
import argparse
import datetime as dt
import json
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_days  # noqa: E402

EPOCH = dt.date(1970, 1, 1)
DAY_RE = re.compile(r"^/v1/candles/minute/([A-Z0-9.]+-[A-Z0-9.]+)/(BID|ASK)/(\d{4})/(\d{1,2})/(\d{1,2})$")
OPEN_RE = re.compile(r"^/v1/candles/minute/([A-Z0-9.]+-[A-Z0-9.]+)/(BID|ASK)$")
TOO_LATE = b'{"error":"From time is too late"}'
UNKNOWN = b'{"error":"Instrument not found"}'


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.faults = []
        self.revisions = {}          # (symbol, date, side) -> revision
        self.log = []
        # Connections being served, held requests, and a pipe made readable by {"release": true}; `idle` is
        # notified whenever a connection ends, for /_log?settled=1.
        self.open_connections = 0
        self.held = 0
        self.idle = threading.Condition(self.lock)
        self.release_r, self.release_w = os.pipe()
        self.log_file = open(args.log, "a", buffering=1) if args.log else None
        self.now_offset = None       # fake now = real monotonic + offset, so the fake clock still advances
        self.frozen = args.freeze
        self.fixed = {}              # (symbol, date) -> bytes, from fixtures
        self.fixed_open = {}         # (symbol, from_ms) -> bytes
        self.fixed_instruments = {}  # code -> bytes of a recorded /v1/instruments/{CODE} answer
        self.recorded_reference = {}  # (symbol, "hour"|"day", year, month or None) -> bytes, from fixtures
        self.data_dirs = list(args.data_dir)
        self.gen_symbols = set(s for s in args.gen_symbols.split(",") if s)
        self.gen_start = gen_days.parse_date(args.gen_start) if args.gen_start else None
        if args.fixtures:
            self.load_fixtures(args.fixtures)
        if args.now:
            self.set_now(args.now)
        for f in args.fault_plan or []:
            with open(f) as fh:
                self.faults.extend(json.load(fh))

    def load_fixtures(self, root):
        jetta = os.path.join(root, "jetta")
        self.recorded_reference = load_recorded_reference(jetta)
        if os.path.isdir(jetta):
            for name in os.listdir(jetta):
                m = re.match(r"^candles-minute-([A-Z0-9.]+-[A-Z0-9.]+)-BID-(\d+)-(\d+)-(\d+)(-empty)?\.json$", name)
                if m:
                    key = (m.group(1), dt.date(int(m.group(2)), int(m.group(3)), int(m.group(4))))
                    self.fixed[key] = open(os.path.join(jetta, name), "rb").read()
                m = re.match(r"^candles-minute-([A-Z0-9.]+-[A-Z0-9.]+)-BID-from-(\d+)\.json$", name)
                if m:
                    self.fixed_open[(m.group(1), int(m.group(2)))] = open(os.path.join(jetta, name), "rb").read()
            self.fixed_instruments = load_instrument_fixtures(jetta)
        for sub in sorted(os.listdir(root)):
            cache = os.path.join(root, sub, "cache")
            if os.path.isdir(cache) and cache not in self.data_dirs:
                self.data_dirs.append(cache)

    # --- the server's clock -------------------------------------------------------------------------------
    def set_now(self, text):
        t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if t.tzinfo is None:
            t = t.replace(tzinfo=dt.timezone.utc)
        with self.lock:
            self.now_offset = t.timestamp() - (0 if self.frozen else time.monotonic())

    def now(self):
        if self.now_offset is None:
            return time.time()
        return self.now_offset + (0 if self.frozen else time.monotonic())

    def today(self):
        return dt.datetime.fromtimestamp(self.now(), dt.timezone.utc).date()

    # --- faults -----------------------------------------------------------------------------------------
    def take_fault(self, target):
        with self.lock:
            for f in self.faults:
                if f.get("match", "") in target and f.get("times", 1) != 0:
                    if f.get("times", 1) > 0:
                        f["times"] = f.get("times", 1) - 1
                    return dict(f)
        return None

    def record(self, entry):
        with self.lock:
            self.log.append(entry)
            if self.log_file:
                self.log_file.write(json.dumps(entry) + "\n")

    # --- connections in flight, held requests --------------------------------------------------------------
    def connection_opened(self):
        with self.lock:
            self.open_connections += 1

    def connection_closed(self):
        with self.lock:
            self.open_connections -= 1
            self.idle.notify_all()

    def settle(self):
        """Blocks until the only open connections are the caller's own and held ones."""
        with self.lock:
            self.idle.wait_for(lambda: self.open_connections - self.held <= 1)

    def release(self):
        """Lets every held request go on; requests held later wait for the next release."""
        with self.lock:
            os.write(self.release_w, b"x")
            os.close(self.release_w)
            # The old read end stays readable for the handlers that are waiting on it; it is not closed here.
            self.release_r, self.release_w = os.pipe()

    # --- content ----------------------------------------------------------------------------------------
    def knows(self, symbol):
        return (symbol in self.gen_symbols or any(k[0] == symbol for k in self.fixed)
                or any(os.path.isdir(d) and self.dir_has_symbol(d, symbol) for d in self.data_dirs))

    def dir_has_symbol(self, d, symbol):
        for root, _dirs, files in os.walk(d):
            for name in files:
                if name.startswith(symbol + "_"):
                    return True
        return False

    def day(self, symbol, day, side="BID"):
        """The minute day of `side` (bytes), or None when the server has none."""
        rev = self.revisions.get((symbol, day, side), 0)
        body = self.bid_day(symbol, day, rev)
        return gen_days.ask_payload(body, symbol) if side == "ASK" and body is not None else body

    def bid_day(self, symbol, day, rev):
        if not rev:
            if (symbol, day) in self.fixed:
                return self.fixed[(symbol, day)]
            for d in self.data_dirs:
                path = gen_days.cache_path(d, symbol, day)
                if os.path.exists(path):
                    return open(path, "rb").read()
        if symbol in self.gen_symbols:
            if self.gen_start and day < self.gen_start:
                return gen_days.empty_payload(symbol, day)
            return gen_days.day_payload(symbol, day, revision=rev)
        return None

    def open_day(self, symbol, day, side="BID"):
        ms = (day - EPOCH).days * 86400000
        if (symbol, ms) in self.fixed_open:
            body = self.fixed_open[(symbol, ms)]
        elif symbol not in self.gen_symbols:
            return self.day(symbol, day, side)
        else:
            minute = int((self.now() - ms / 1000) // 60)
            body = gen_days.day_payload(symbol, day, until_minute=minute)
        return gen_days.ask_payload(body, symbol) if side == "ASK" else body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "jetta-replay/1.0"
    state = None

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes; without TCP_NODELAY, Nagle plus the client's delayed
        # ACK add ~40 ms to every answer on a kept-alive connection.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, status, body=b"", headers=None, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)
        self.status = status

    def reset_connection(self):
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()
        self.status = "reset"

    def do_POST(self):
        st = self.state
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if urlsplit(self.path).path != "/_control":
            return self.send(404, b'{"error":"not found"}')
        if body.get("reset"):
            with st.lock:
                st.faults.clear()
                st.revisions.clear()
                st.log.clear()
        if body.get("release"):
            st.release()
        if "now" in body:
            st.set_now(body["now"])
        if "freeze" in body:
            now = st.now()
            st.frozen = bool(body["freeze"])
            st.now_offset = now - (0 if st.frozen else time.monotonic())
        for f in body.get("faults", []):
            if f.get("kind") == "revise":
                m = DAY_RE.match(f["match"]) or DAY_RE.match("/v1/candles/minute/" + f["match"])
                if not m:
                    return self.send(400, b'{"error":"revise needs match=SYM/BID/Y/M/D or SYM/ASK/Y/M/D"}')
                key = (m.group(1), dt.date(int(m.group(3)), int(m.group(4)), int(m.group(5))), m.group(2))
                st.revisions[key] = int(f.get("candles", 3))
            else:
                with st.lock:
                    st.faults.append(f)
        self.send(200, json.dumps({"ok": True, "now": st.now()}).encode())

    def do_GET(self):
        st = self.state
        start_wall, start_mono = time.time(), time.monotonic()
        self.status = None
        parts = urlsplit(self.path)
        if parts.path == "/_log":
            if parse_qs(parts.query).get("settled") == ["1"]:
                st.settle()
            with st.lock:
                body = "".join(json.dumps(e) + "\n" for e in st.log).encode()
            return self.send(200, body, content_type="application/x-ndjson")
        if parts.path == "/_status":
            with st.lock:
                status = {"open": st.open_connections, "held": st.held, "logged": len(st.log)}
            return self.send(200, json.dumps(status).encode())
        try:
            self.answer(parts)
        except (BrokenPipeError, ConnectionResetError):
            self.status = self.status or "client-gone"
        finally:
            st.record({"wall": start_wall, "mono": start_mono, "path": self.path, "status": self.status,
                       "referer": self.headers.get("Referer"), "ua": self.headers.get("User-Agent")})

    def answer(self, parts):
        st = self.state
        target = parts.path + ("?" + parts.query if parts.query else "")
        if "dukascopy.com" not in (self.headers.get("Referer") or ""):
            return self.send(202)
        fault = st.take_fault(target)
        kind = fault and fault.get("kind")
        if kind == "status":
            h = {"Retry-After": str(fault["retry_after"])} if "retry_after" in fault else {}
            if "location" in fault:
                h["Location"] = fault["location"]
            return self.send(int(fault.get("status", 500)), fault.get("body", "").encode(), h)
        if kind == "429":
            return self.send(429, b'{"error":"Too many requests"}', {"Retry-After": str(fault.get("retry_after", "1"))})
        if kind == "202":
            return self.send(202)
        if kind == "too_late":
            return self.send(400, TOO_LATE)
        if kind == "unknown":
            return self.send(400, UNKNOWN)
        if kind == "reset":
            return self.reset_connection()
        if kind == "slow":
            if self.client_gone_within(float(fault.get("delay", 30))):
                return self.gone()
        if kind == "hold":
            with st.lock:
                st.held += 1
                release = st.release_r
            try:
                if self.client_gone_within(None, also=release):
                    return self.gone()
            finally:
                with st.lock:
                    st.held -= 1
                    st.idle.notify_all()
        body, status = self.content(parts)
        if status != 200:
            return self.send(status, body)
        if kind == "truncate":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.status = "truncated"
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if kind == "malformed":
            return self.send(200, body[: len(body) // 3] + b'",]}')
        if kind == "reshape":
            return self.send(200, reshape_instrument(body))
        if kind == "partial":
            return self.send(200, cut_day(body, fault.get("keep")))
        if kind == "candle_differs":
            return self.send(200, alter_candle(body, fault))
        if kind == "empty":
            m = DAY_RE.match(parts.path)
            sym = (m or OPEN_RE.match(parts.path)).group(1)
            day = (dt.date(int(m.group(3)), int(m.group(4)), int(m.group(5))) if m
                   else self.from_day(parts))
            return self.send(200, gen_days.empty_payload(sym, day))
        return self.send(200, body)

    def client_gone_within(self, seconds, also=None):
        """Waits up to `seconds` (None: no limit) or until `also` is readable; True if the client closed the
        connection first. HTTP/1.1 clients send nothing while they wait for an answer, so a readable socket
        means end of file or a reset."""
        deadline = None if seconds is None else time.monotonic() + seconds
        watched = [self.connection] + ([also] if also is not None else [])
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            ready, _, _ = select.select(watched, [], [], left)
            if also is not None and also in ready:
                return False
            if self.connection in ready:
                try:
                    if self.connection.recv(1, socket.MSG_PEEK) == b"":
                        return True
                except OSError:
                    return True
                # Unexpected bytes (a pipelining client): stop watching the socket, just wait.
                watched = [w for w in watched if w is not self.connection]
                if not watched:
                    time.sleep(max(left or 0, 0))
                    return False

    def gone(self):
        self.status = "client-gone"
        self.close_connection = True

    def from_day(self, parts):
        ms = int(parse_qs(parts.query)["from"][0])
        return EPOCH + dt.timedelta(days=ms // 86400000)

    def content(self, parts):
        st = self.state
        metadata = instrument_content(st, parts.path)
        if metadata is not None:
            return metadata
        today = st.today()
        m = DAY_RE.match(parts.path)
        if m:
            sym = m.group(1)
            if not st.knows(sym):
                return UNKNOWN, 400
            try:
                day = dt.date(int(m.group(3)), int(m.group(4)), int(m.group(5)))
            except ValueError:
                return b'{"error":"Bad date"}', 400
            if day >= today:
                return TOO_LATE, 400
            body = st.day(sym, day, m.group(2))
            return (body, 200) if body is not None else (UNKNOWN, 400)
        m = OPEN_RE.match(parts.path)
        if m:
            sym = m.group(1)
            if not st.knows(sym):
                return UNKNOWN, 400
            q = parse_qs(parts.query)
            if "from" not in q or not q["from"][0].isdigit():
                return b'{"error":"Missing from"}', 400
            ms = int(q["from"][0])
            day = EPOCH + dt.timedelta(days=ms // 86400000)
            if ms % 86400000 or day > today:
                return TOO_LATE, 400
            body = st.open_day(sym, day, m.group(2))
            return (body, 200) if body is not None else (UNKNOWN, 400)
        reference = reference_content(st, parts.path)
        if reference is not None:
            return reference
        return b'{"error":"Not found"}', 404


# --- instrument metadata: /v1/instruments and /v1/instruments/{CODE} ------------------------------------------
INSTRUMENT_RE = re.compile(r"^/v1/instruments/([A-Za-z0-9.]+-[A-Za-z0-9.]+)$")
NOT_FOUND = b'{"error":"Not found"}'
DEFAULT_HISTORY_START = dt.date(2000, 1, 1)


def load_instrument_fixtures(jetta):
    """code -> bytes of the recorded instrument-CODE.json answers in `jetta`."""
    found = {}
    for name in os.listdir(jetta):
        m = re.match(r"^instrument-([A-Z0-9.]+-[A-Z0-9.]+)\.json$", name)
        if m:
            with open(os.path.join(jetta, name), "rb") as fh:
                found[m.group(1)] = fh.read()
    return found


def day_ms(day):
    return (day - EPOCH).days * 86400000


def generated_instrument(symbol, start):
    """An instrument answer for a generated symbol, shaped like the recorded ones (same members, same order),
    whose schedule, holidays and histories agree with what gen_days.py generates from `start` on."""
    p = gen_days.profile(symbol)
    base, quote = symbol.split("-")[0], symbol.split("-")[-1]
    first = day_ms(start)
    if p.crypto:
        every = {"start": "00:00:00", "previousDayStart": True, "end": "00:00:00", "previousDayEnd": False}
        days = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
        schedule = [{"id": "ALL", "from": 0, "to": None, "sessions": {d: [every] for d in days}}]
        zone, holidays, pip, scale = "UTC", [], 1.0, 1
    else:
        ny = {"start": "17:00:00", "previousDayStart": True, "end": "17:00:00", "previousDayEnd": False}
        days = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")
        schedule = [{"id": "trade-147-America_New_York", "from": 10800000, "to": None, "sessions": {d: [ny] for d in days}}]
        zone = "America/New_York"
        # gen_days leaves 25 December and 1 January empty, whole UTC days.
        holidays = [{"from": day_ms(dt.date(y, m, d)), "till": day_ms(dt.date(y, m, d)) + 86400000}
                    for y in range(1990, 2041) for (m, d) in ((12, 25), (1, 1))]
        holidays.sort(key=lambda h: h["from"])
        pip, scale = (0.01, 3) if quote == "JPY" else (0.0001, 5)
    return {"name": "%s/%s" % (base, quote), "code": symbol, "pipValue": pip, "priceScale": scale,
            "description": "%s vs %s (generated)" % (base, quote), "countryCode": None, "groupId": 0,
            "groupCode": "GENERATED", "platformGroupId": "GENERATED", "sectorIds": [], "contractSize": None,
            "defaultTimezone": zone, "holidays": holidays, "tradeSchedule": schedule,
            "histories": [{"period": "TICK", "from": first}, {"period": "MINUTE", "from": first},
                          {"period": "HOUR", "from": first}, {"period": "DAY", "from": first}],
            "leverage": None, "rating": 0}


def instrument_answer(state, symbol):
    """The bytes of /v1/instruments/{symbol}, or None when the server has none."""
    if symbol in state.fixed_instruments:
        return state.fixed_instruments[symbol]
    if symbol in state.gen_symbols:
        return json.dumps(generated_instrument(symbol, state.gen_start or DEFAULT_HISTORY_START),
                          separators=(",", ":")).encode()
    return None


def instrument_content(state, path):
    """(body, status) for the metadata endpoints, or None when `path` is not one of them."""
    if path == "/v1/instruments":
        codes = sorted(set(state.fixed_instruments) | state.gen_symbols)
        answers = [instrument_answer(state, c) for c in codes]
        return b"[" + b",".join(a for a in answers if a is not None) + b"]", 200
    m = INSTRUMENT_RE.match(path)
    if not m:
        return None
    body = instrument_answer(state, m.group(1))
    if body is not None:
        return body, 200
    # Known days but no metadata: the "metadata missing" case; anything else is unknown.
    return (NOT_FOUND, 404) if state.knows(m.group(1)) else (UNKNOWN, 400)


def reshape_instrument(body):
    """Valid JSON of another shape than the endpoint's: a list wrapped in an object, an instrument without
    its histories."""
    value = json.loads(body)
    if isinstance(value, list):
        return json.dumps({"instruments": value}).encode()
    if isinstance(value, dict):
        value.pop("histories", None)
    return json.dumps(value).encode()


def cut_day(body, keep=None):
    """`body` (a day payload) with only its first `keep` candles, default half; every number keeps its text."""
    raw = json.loads(body, parse_float=str, parse_int=str)
    n = len(raw["times"]) // 2 if keep is None else min(int(keep), len(raw["times"]))
    head = ",".join('"%s":%s' % (k, "null" if raw[k] is None else raw[k])
                    for k in ("timestamp", "multiplier", "open", "high", "low", "close", "shift"))
    arrays = ",".join('"%s":[%s]' % (k, ",".join(raw[k][:n]))
                      for k in ("times", "opens", "highs", "lows", "closes", "volumes"))
    return ("{%s,%s}" % (head, arrays)).encode()


# --- Dukascopy's own hourly and daily candles, aggregated from the server's minute days (make verify) ------
from decimal import Decimal, ROUND_HALF_EVEN  # noqa: E402

HOUR_RE = re.compile(r"^/v1/candles/hour/([A-Z0-9.]+-[A-Z0-9.]+)/(BID|ASK)/(\d{4})/(\d{1,2})$")
YEAR_RE = re.compile(r"^/v1/candles/day/([A-Z0-9.]+-[A-Z0-9.]+)/(BID|ASK)/(\d{4})$")
_hours_of_day = {}     # (symbol, day, side, body hash) -> (multiplier, [(utc ms, o, h, l, c units, exact volume)])


def minute_rows(body):
    """(multiplier, rows) of a minute-day payload: rows (utc ms, open, high, low, close in multiplier units,
    volume as an exact Decimal), zero-volume rows dropped."""
    raw = json.loads(body, parse_float=Decimal)
    m = raw["multiplier"]
    if raw["open"] is None:
        return m, []
    price = [int(raw[k] / m) for k in ("open", "high", "low", "close")]
    rows, tick = [], 0
    for i, t in enumerate(raw["times"]):
        tick += t
        if i:
            price = [p + raw[k][i] for p, k in zip(price, ("opens", "highs", "lows", "closes"))]
        v = Decimal(raw["volumes"][i])       # an integral volume is parsed as an int
        if v:
            rows.append((raw["timestamp"] + tick * raw["shift"], *price, v))
    return m, rows


def aggregate(rows, size_ms):
    """Candles of `size_ms` from time-ordered rows of the same shape, volumes summed exactly."""
    out = []
    for t, o, h, l, c, v in rows:
        start = t - t % size_ms
        if out and out[-1][0] == start:
            s, o0, h0, l0, _c, v0 = out[-1]
            out[-1] = (s, o0, max(h0, h), min(l0, l), c, v0 + v)
        else:
            out.append((start, o, h, l, c, v))
    return out


def day_hours(st, symbol, day, side="BID"):
    """The hourly candles of one of the server's minute days of `side` (cached per payload), and its multiplier."""
    body = st.day(symbol, day, side)
    if body is None:
        return None, []
    key = (symbol, day, side, hash(body))
    if key not in _hours_of_day:
        m, rows = minute_rows(body)
        _hours_of_day[key] = (m, aggregate(rows, 3600000))
    return _hours_of_day[key]


def encode_candles(start_ms, shift_ms, multiplier, candles):
    """A payload in the minute day's shape: bases, integer deltas in multiplier units, volumes rounded
    half-even to 6 decimals."""
    def price(units):
        return format((Decimal(units) * multiplier).normalize(), "f")

    def volume(v):
        q = v.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN)
        return format(q.normalize(), "f") if q else "0.0"

    if not candles:
        return ('{"timestamp":%d,"multiplier":%s,"open":null,"high":null,"low":null,"close":null,"shift":%d,'
                '"times":[],"opens":[],"highs":[],"lows":[],"closes":[],"volumes":[]}'
                % (start_ms, multiplier, shift_ms)).encode()
    times, prev = [], None
    for c in candles:
        slot = (c[0] - start_ms) // shift_ms
        times.append(slot if prev is None else slot - prev)
        prev = slot

    def deltas(k):
        xs = [c[k] for c in candles]
        return ",".join(map(str, [0] + [b - a for a, b in zip(xs, xs[1:])]))

    first = candles[0]
    return ('{"timestamp":%d,"multiplier":%s,"open":%s,"high":%s,"low":%s,"close":%s,"shift":%d,'
            '"times":[%s],"opens":[%s],"highs":[%s],"lows":[%s],"closes":[%s],"volumes":[%s]}' % (
                start_ms, multiplier, price(first[1]), price(first[2]), price(first[3]), price(first[4]), shift_ms,
                ",".join(map(str, times)), deltas(1), deltas(2), deltas(3), deltas(4),
                ",".join(volume(c[5]) for c in candles))).encode()


def reference_candles(st, symbol, first, end, shift_ms, side="BID"):
    """(multiplier, candles of shift_ms) of `side` over the UTC days [first, end) before the server's today."""
    multiplier, hours = None, []
    day = first
    while day < min(end, st.today()):
        m, h = day_hours(st, symbol, day, side)
        multiplier = multiplier or m
        hours.extend(h)
        day += dt.timedelta(days=1)
    if multiplier is None:
        multiplier = Decimal(gen_days.profile(symbol).multiplier_text) if symbol in st.gen_symbols else Decimal("0.1")
    return multiplier, (hours if shift_ms == 3600000 else aggregate(hours, shift_ms))


def reference_content(st, path):
    """(body, status) for the hour and day endpoints, or None when `path` is neither."""
    m = HOUR_RE.match(path)
    y = YEAR_RE.match(path)
    if not (m or y):
        return None
    sym, side = (m or y).group(1), (m or y).group(2)
    if not st.knows(sym):
        return UNKNOWN, 400
    year = int((m or y).group(3))
    if m:
        month = int(m.group(4))
        if not 1 <= month <= 12:
            return b'{"error":"Bad date"}', 400
        first = dt.date(year, month, 1)
        end = dt.date(year + month // 12, month % 12 + 1, 1)
        shift = 3600000
    else:
        first, end, shift = dt.date(year, 1, 1), dt.date(year + 1, 1, 1), 86400000
    if first >= st.today():
        return TOO_LATE, 400
    recorded = st.recorded_reference.get((sym, "hour" if m else "day", year, month if m else None))
    if recorded is not None and side == "BID":
        return recorded, 200
    multiplier, candles = reference_candles(st, sym, first, end, shift, side)
    return encode_candles((first - EPOCH).days * 86400000, shift, multiplier, candles), 200


def load_recorded_reference(jetta):
    """Dukascopy's real hour and day answers in FIXTURES/jetta/ (served verbatim, before any aggregate)."""
    found = {}
    for name in (os.listdir(jetta) if os.path.isdir(jetta) else []):
        m = re.match(r"^candles-(hour|day)-([A-Z0-9.]+-[A-Z0-9.]+)-BID-(\d{4})(?:-(\d{1,2}))?\.json$", name)
        if m:
            key = (m.group(2), m.group(1), int(m.group(3)), int(m.group(4)) if m.group(4) else None)
            found[key] = open(os.path.join(jetta, name), "rb").read()
    return found


def alter_candle(body, fault):
    """`body` (an hour or day payload) with one candle changed: the "candle_differs" fault."""
    raw = json.loads(body, parse_float=Decimal)
    if raw["open"] is None:
        return body
    m, rows = minute_rows(body)
    shift = raw["shift"]
    at = fault.get("at")
    index = 0
    if at:
        ms = int(dt.datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp() * 1000)
        index = next((i for i, r in enumerate(rows) if r[0] == ms), None)
        if index is None:
            return body
    t, o, h, l, c, v = rows[index]
    field = fault.get("field", "high")
    if field == "volume":
        v += Decimal(str(fault.get("by", "1")))
    else:
        by = int(fault.get("by", 1))
        o, h, l, c = [x + by if f == field else x for x, f in zip((o, h, l, c), ("open", "high", "low", "close"))]
        h, l = max(h, o, c), min(l, o, c)
    rows[index] = (t, o, h, l, c, v)
    return encode_candles(raw["timestamp"], shift, m, [(r[0],) + tuple(r[1:]) for r in rows])


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def process_request(self, request, client_address):
        # Bounded: at most 64 connections are served at once; others wait in the accept queue.
        self.slots.acquire()
        # Counted from the accept, not from the request line, so that /_log?settled=1 also waits for a request
        # whose handler has not started yet.
        Handler.state.connection_opened()
        try:
            super().process_request(request, client_address)
        except Exception:
            Handler.state.connection_closed()
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            Handler.state.connection_closed()
            self.slots.release()


def start(options, stderr=subprocess.DEVNULL, python=None):
    """Runs the server in a child process with the command-line `options` (a list of strings, without
    --port) and returns (process, port) once it listens on 127.0.0.1:port. Raises RuntimeError if it exits
    first. Waits on the child's first line of output, so there is nothing to poll and no deadline."""
    proc = subprocess.Popen([python or sys.executable, os.path.abspath(__file__), "--port", "0", "--print-port",
                             *options], stdout=subprocess.PIPE, stderr=stderr)
    line = proc.stdout.readline()
    proc.stdout.close()
    if not line.strip().isdigit():
        proc.kill()
        proc.wait()
        raise RuntimeError("replay server exited before listening (status %s)" % proc.returncode)
    return proc, int(line)


def stop(proc):
    """Stops a server from start(): SIGTERM, then SIGKILL if it has not exited 30 s later."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, default=0, help="0 picks a free port")
    ap.add_argument("--port-file", help="write the bound port here (atomically) once listening")
    ap.add_argument("--print-port", action="store_true", help="print the bound port on stdout once listening")
    ap.add_argument("--fixtures", help="the shared fixtures folder (../shared/fixtures)")
    ap.add_argument("--data-dir", action="append", default=[], help="extra day files in cache layout")
    ap.add_argument("--gen-symbols", default="EUR-USD,GBP-USD,USD-JPY,XAU-USD,BTC-USD,ETH-USD,DEU.IDX-EUR",
                    help="instruments answered with generated days (default: %(default)s)")
    ap.add_argument("--gen-start", help="generated days before this date are empty (instrument start)")
    ap.add_argument("--now", help="the server's UTC clock, e.g. 2026-07-12T10:30:00Z (default: real time)")
    ap.add_argument("--freeze", action="store_true", help="with --now: the clock does not advance")
    ap.add_argument("--fault-plan", action="append", help="JSON list of faults (the fault kinds are listed at the top of tools/replay_server.py)")
    ap.add_argument("--log", help="append the request log here as JSON lines")
    ap.add_argument("--max-seconds", type=float, default=3600, help="stop by itself after this long")
    ap.add_argument("--send", metavar="JSON",
                    help="client mode: POST JSON to /_control of the server whose port is in --port-file, print the answer")
    ap.add_argument("--get", metavar="PATH",
                    help="client mode: GET PATH (e.g. '/_log?settled=1') from the server whose port is in --port-file, print the answer")
    args = ap.parse_args(argv)

    if args.send is not None or args.get is not None:
        import urllib.request
        port = int(open(args.port_file).read())
        if args.send is not None:
            req = urllib.request.Request("http://127.0.0.1:%d/_control" % port, data=args.send.encode(), method="POST")
        else:
            req = urllib.request.Request("http://127.0.0.1:%d%s" % (port, args.get))
        # /_log?settled=1 waits for the server's other connections to end, so no short deadline for GET.
        with urllib.request.urlopen(req, timeout=10 if args.send is not None else 300) as r:
            sys.stdout.write(r.read().decode() + ("\n" if args.send is not None else ""))
        return

    Handler.state = State(args)
    server = Server(("127.0.0.1", args.port), Handler)
    server.slots = threading.BoundedSemaphore(64)
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    if args.print_port:
        print(port, flush=True)

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    timer = threading.Timer(args.max_seconds, stop)
    timer.daemon = True
    timer.start()
    print("replay_server: listening on 127.0.0.1:%d" % port, file=sys.stderr, flush=True)
    server.serve_forever(poll_interval=0.2)
    server.server_close()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        # Ctrl-C in client mode, or before the server's own handlers are in place: a quiet exit, as a shell
        # reports SIGINT, never a traceback (make demo promises one line on Ctrl-C).
        sys.exit(130)
