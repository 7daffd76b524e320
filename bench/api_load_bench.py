"""API throughput of a live `xiaoneng serve` over a working day's mix (issue 17: ≥ 300 req/s,
p99 ≤ 200 ms, no errors, on 2 cores).

A fresh SQLite file with the demo city (`xiaoneng migrate`, `xiaoneng demo`; or a copy of the
file API_LOAD_BENCH_DB, made by an earlier run, for local re-runs), plus a pool of cases made
untimed through the services: POOL cases submitted at the window of the market regulator and
POOL accepted ones.  Then `xiaoneng serve` (gunicorn with production settings, its default
workers unless XIAONENG_WORKERS says otherwise; GUNICORN_CMD_ARGS passes through for tuning
runs, e.g. "--workers 2 --threads 4") on a free port,
and staff tokens from POST /api/v1/auth/token/ as .ci/schemathesis.sh gets one.

The load client is bounded: CLIENTS threads, each with its own keep-alive connection, take the
next of REQUESTS requests drawn in a fixed order (seeded) from MIX until none is left.  Timed
first, at the same concurrency, HEALTH_REQUESTS of `/healthz?check=database` (one query, no
sign-in): the baseline row, so the ratio says how far the mix is from the cheapest request the
same server answers.  Rows: the mix's throughput (goal ≥ 300/s) and 1 ÷ its p99 (goal ≥ 5/s,
i.e. p99 ≤ 200 ms); any error (a status other than the expected, a refused connection) makes
both rows miss, and the note names it.  The load average before and after, and the load
client's own CPU per request (it shares the 2 cores with the server), are in the note.
Each request kind's count, p50 and p99 go to stderr (where the time goes).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

REQUESTS = int(os.environ.get("API_LOAD_BENCH_REQUESTS", "6000"))
HEALTH_REQUESTS = int(os.environ.get("API_LOAD_BENCH_HEALTH_REQUESTS", "2000"))
CLIENTS = int(os.environ.get("API_LOAD_BENCH_CLIENTS", "8"))
SEED = 20261207
ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable

# (kind, weight in %, who asks): about 10% writes.  "anon" is the public portal.
MIX: list[tuple[str, int, str]] = [
    ("queue", 14, "reviewer"),  # GET /api/v1/cases/queue/
    ("case-detail", 18, "reviewer"),  # GET /api/v1/cases/<number>/
    ("case-list", 8, "reviewer"),  # GET /api/v1/cases/?status=in_review
    ("accept", 5, "clerk"),  # POST /api/v1/cases/<number>/accept/
    ("approve", 5, "head"),  # POST /api/v1/cases/<number>/approve/
    ("supervision-summary", 10, "supervisor"),  # GET /api/v1/supervision/summary/
    ("complaint-list", 10, "handler"),  # GET /api/v1/complaints/
    ("catalog-items", 8, "anon"),  # GET /api/v1/catalog/items/
    ("portal-catalog", 10, "anon"),  # GET /catalog/
    ("portal-track", 12, "anon"),  # GET /cases/track/?number=…&code=…
]
WRITES = {"accept", "approve"}
POOL = max(1, REQUESTS * 6 // 100)  # cases for each write kind, with a margin over 5%

SETUP = """
import json
from xiaoneng.cases import services
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ItemStatus, ServiceItem
from xiaoneng.core.demo import DEMO_PASSWORD
from xiaoneng.core.models import Applicant, User

pool = %(pool)d
clerk, head, reviewer = (User.objects.get(username=n) for n in ("clerk", "head", "reviewer"))
item = (
    ServiceItem.objects.filter(
        agency=head.organization, status=ItemStatus.ACTIVE, current_version__isnull=False
    ).order_by("implementation_code").first()
)
applicants = list(Applicant.objects.order_by("pk")[:50])
made = []
for n in range(2 * pool):
    made.append(
        services.case_submit(
            actor=clerk,
            item_version=item.current_version,
            applicant=applicants[n %% len(applicants)],
            channel="window",
            title=f"负载测试 {n}",
        )
    )
for case in made[pool:]:
    services.case_accept(actor=clerk, case=case)
in_scope = list(
    Case.objects.filter(agency=reviewer.organization).values_list("number", flat=True)[:200]
)
tracked = list(Case.objects.exclude(verification_code="").values_list("number", "verification_code")[:200])
print(json.dumps({
    "password": DEMO_PASSWORD,
    "submitted": [c.number for c in made[:pool]],
    "accepted": [c.number for c in made[pool:]],
    "in_scope": in_scope,
    "tracked": tracked,
}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XIAONENG_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="xiaoneng.config.settings.dev",
        XIAONENG_VAR_DIR=str(var_dir),
        XIAONENG_AUDIT_CHECKPOINT_DIR=str(var_dir / "audit"),
        XIAONENG_SUPERVISION_SWEEP_SECONDS="0",
    )
    if "XIAONENG_WORKERS" in os.environ:
        env["XIAONENG_WORKERS"] = os.environ["XIAONENG_WORKERS"]
    env.update(extra)
    return env


def _xiaoneng(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "xiaoneng", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"xiaoneng {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _build(var_dir: Path) -> dict[str, Any]:
    """The demo city in a fresh SQLite file and the pool of cases to accept and approve."""
    env = _env(var_dir)
    database = var_dir / "xiaoneng.sqlite3"
    prepared = os.environ.get("API_LOAD_BENCH_DB", "")
    if prepared and Path(prepared).exists():
        with sqlite3.connect(prepared) as source, sqlite3.connect(database) as target:
            source.backup(target)
        _xiaoneng("migrate", "--no-input", "-v0", env=env)
    else:
        _xiaoneng("migrate", "--no-input", "-v0", env=env)
        _xiaoneng("demo", env=env)
        if prepared:
            with sqlite3.connect(database) as source, sqlite3.connect(prepared) as target:
                source.backup(target)
    out = _xiaoneng("shell", "-c", SETUP % {"pool": POOL}, env=env)
    return dict(json.loads(out.strip().splitlines()[-1]))


@contextmanager
def serving(var_dir: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`xiaoneng serve` on `port` with production settings, until the block ends."""
    env = _env(
        var_dir,
        XIAONENG_SETTINGS="production",
        XIAONENG_SECRET_KEY="bench-" + "k" * 60,
        XIAONENG_AUDIT_KEY="bench-" + "a" * 40,
        XIAONENG_ALLOWED_HOSTS="127.0.0.1,localhost",
        XIAONENG_SSL_REDIRECT="0",
        XIAONENG_BIND=f"127.0.0.1:{port}",
    )
    log = open(var_dir / "serve.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "xiaoneng", "serve"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _ = _once(port, "GET", "/healthz?check=database")
                if status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((var_dir / "serve.log").read_text()[-3000:])
            time.sleep(0.5)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _once(port: int, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data else {}
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _token(port: int, username: str, password: str) -> str:
    status, body = _once(
        port, "POST", "/api/v1/auth/token/", {"username": username, "password": password}
    )
    if status != 200:
        raise RuntimeError(f"no token for {username}: {status} {body[:300]!r}")
    return str(json.loads(body)["token"])


class Call(NamedTuple):
    kind: str
    method: str
    path: str
    who: str
    body: Any = None
    expect: int = 200


def plan(data: dict[str, Any], total: int, seed: int = SEED) -> list[Call]:
    """`total` requests in a fixed order drawn from MIX; writes use the pool in order."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible mix, not a secret
    kinds = [kind for kind, _, _ in MIX]
    weights = [weight for _, weight, _ in MIX]
    who = {kind: person for kind, _, person in MIX}
    submitted, accepted = iter(data["submitted"]), iter(data["accepted"])
    calls = []
    for kind in rng.choices(kinds, weights, k=total):
        if kind == "queue":
            calls.append(Call(kind, "GET", "/api/v1/cases/queue/", who[kind]))
        elif kind == "case-detail":
            number = rng.choice(data["in_scope"])
            calls.append(Call(kind, "GET", f"/api/v1/cases/{number}/", who[kind]))
        elif kind == "case-list":
            calls.append(Call(kind, "GET", "/api/v1/cases/?status=in_review", who[kind]))
        elif kind == "accept":
            number = next(submitted)
            calls.append(Call(kind, "POST", f"/api/v1/cases/{number}/accept/", who[kind], {}))
        elif kind == "approve":
            number = next(accepted)
            body = {"reason": "材料齐全，符合法定条件"}
            calls.append(Call(kind, "POST", f"/api/v1/cases/{number}/approve/", who[kind], body))
        elif kind == "supervision-summary":
            calls.append(Call(kind, "GET", "/api/v1/supervision/summary/", who[kind]))
        elif kind == "complaint-list":
            calls.append(Call(kind, "GET", "/api/v1/complaints/", who[kind]))
        elif kind == "catalog-items":
            calls.append(Call(kind, "GET", "/api/v1/catalog/items/", who[kind]))
        elif kind == "portal-catalog":
            calls.append(Call(kind, "GET", "/catalog/", who[kind]))
        else:
            number, code = rng.choice(data["tracked"])
            path = f"/cases/track/?number={number}&code={code}"
            calls.append(Call(kind, "GET", path, who[kind]))
    return calls


class Outcome:
    """What one load run saw: its wall-clock time, latencies by kind, failed requests, and the
    CPU seconds the client itself used."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.client_cpu = 0.0
        self.latencies: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def all_latencies(self) -> list[float]:
        return sorted(x for values in self.latencies.values() for x in values)


def load(port: int, calls: list[Call], tokens: dict[str, str], clients: int) -> Outcome:
    """Send `calls` from `clients` threads, each over its own keep-alive connection."""
    outcome = Outcome()
    lock = threading.Lock()
    pending = iter(calls)

    def client() -> None:
        connection: http.client.HTTPConnection | None = None
        while True:
            with lock:
                call = next(pending, None)
            if call is None:
                break
            headers = {"Accept": "application/json", "Accept-Language": "zh-hans"}
            if call.who != "anon":
                headers["Authorization"] = f"Token {tokens[call.who]}"
            data = None
            if call.body is not None:
                data = json.dumps(call.body).encode()
                headers["Content-Type"] = "application/json"
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request(call.method, call.path, body=data, headers=headers)
                response = connection.getresponse()
                body = response.read()
                if response.will_close:
                    connection.close()
                    connection = None
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                if connection is not None:
                    connection.close()
                connection = None
                status, body = 0, repr(exc).encode()
            elapsed = time.perf_counter() - started
            with lock:
                outcome.latencies.setdefault(call.kind, []).append(elapsed)
                if status != call.expect:
                    outcome.errors.append(f"{call.kind} {call.path}: {status} {body[:200]!r}")
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    cpu = time.process_time()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.seconds = time.perf_counter() - started
    outcome.client_cpu = time.process_time() - cpu
    return outcome


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def _report(outcome: Outcome) -> None:
    print(f"{'kind':<22}{'n':>6}{'p50 ms':>9}{'p99 ms':>9}", file=sys.stderr)  # noqa: T201
    for kind, values in sorted(outcome.latencies.items(), key=lambda kv: -percentile(kv[1], 99)):
        print(  # noqa: T201
            f"{kind:<22}{len(values):>6}{percentile(values, 50) * 1e3:>9.1f}"
            f"{percentile(values, 99) * 1e3:>9.1f}",
            file=sys.stderr,
        )
    for error in outcome.errors[:10]:
        print("error:", error, file=sys.stderr)  # noqa: T201


def _load_average() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def run() -> list[dict[str, Any]]:
    work = Path(tempfile.mkdtemp(prefix="xn-api-load-"))
    try:
        var_dir = work / "var"
        var_dir.mkdir()
        data = _build(var_dir)
        port = _free_port()
        with serving(var_dir, port):
            tokens = {
                who: _token(port, who, data["password"])
                for who in sorted({person for _, _, person in MIX} - {"anon"})
            }
            calls = plan(data, REQUESTS)
            health = [Call("healthz", "GET", "/healthz?check=database", "anon")] * HEALTH_REQUESTS
            load(port, health[:200], tokens, CLIENTS)  # warm-up: every worker imported
            before = _load_average()
            baseline = load(port, health, tokens, CLIENTS)
            mix = load(port, calls, tokens, CLIENTS)
            after = _load_average()
            log = (var_dir / "serve.log").read_text(errors="replace")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _report(mix)
    errors = len(mix.errors) + len(baseline.errors)
    if "Traceback" in log:
        errors += log.count("Traceback")
        print(log[-3000:], file=sys.stderr)  # noqa: T201
    latencies = mix.all_latencies()
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    writes = sum(len(v) for k, v in mix.latencies.items() if k in WRITES)
    failed = errors > 0
    note = (f"{errors} ERRORS; " if failed else "0 errors; ") + (
        f"{CLIENTS} clients, {writes} writes, p50 {p50 * 1e3:.1f} ms, p99 {p99 * 1e3:.1f} ms; "
        f"client CPU {mix.client_cpu / max(1, REQUESTS) * 1e3:.2f} ms/request; "
        f"load avg {before} → {after}"
    )
    health_all = baseline.all_latencies()
    return [
        {
            "name": "api healthz ?check=database",
            "ops": HEALTH_REQUESTS,
            "seconds": baseline.seconds,
            "note": f"{CLIENTS} clients, p99 {percentile(health_all, 99) * 1e3:.1f} ms",
        },
        {
            "name": "api mix of a working day",
            "ops": REQUESTS,
            "seconds": mix.seconds,
            "baseline": "api healthz ?check=database",
            "min_ops_per_s": float("inf") if failed else 300,
            "note": note,
        },
        {
            "name": "api mix 1/p99",
            "ops": 1,
            "seconds": p99,
            "min_ops_per_s": float("inf") if failed else 5,
            "note": "goal p99 ≤ 200 ms",
        },
    ]
