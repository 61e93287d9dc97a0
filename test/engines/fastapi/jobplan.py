"""What both reference apps share: bearer tokens naming tenants, and a job's timeline.

A job's states are read off a timeline drawn when it is created (times from its creation, in ms), so
it moves on real time without background tasks. The timeline honours the same `X-Jobtwin-Job` header
the twin reads (`outcome=succeed|fail|partial|never; failures=N; queue=300ms; run=1s; <state>=…`), so
one plan can be run on the twin and here and the traces compared.
"""
import base64
import hashlib
import json
import os
import re
import time
from typing import Dict, List, Optional, Tuple

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

DEFAULT_QUEUE_MS = int(os.environ.get("JOBTWIN_APP_QUEUE_MS", "200"))
DEFAULT_RUN_MS = int(os.environ.get("JOBTWIN_APP_RUN_MS", "400"))
DEFAULT_RETRY_MS = int(os.environ.get("JOBTWIN_APP_RETRY_MS", "200"))

# auto_error=False: FastAPI 0.92's HTTPBearer answers a missing header 403 without a challenge;
# current FastAPI (and the contract) answer 401 with `WWW-Authenticate: Bearer`, so the app says it itself.
_bearer = HTTPBearer(auto_error=False)


def _unauthorized() -> HTTPException:
    return HTTPException(status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"})


def tenant(credentials: Optional[HTTPAuthorizationCredentials] = Depends(_bearer)) -> str:
    """A JWT's `sub` claim, or the token itself (signatures unchecked, as on the twin)."""
    if credentials is None or not credentials.credentials:
        raise _unauthorized()
    token = credentials.credentials
    parts = token.split(".")
    if len(parts) == 3:
        try:
            padded = parts[1] + "=" * (-len(parts[1]) % 4)
            claims = json.loads(base64.urlsafe_b64decode(padded))
            if isinstance(claims, dict) and isinstance(claims.get("sub"), str) and claims["sub"]:
                return claims["sub"]
        except (ValueError, UnicodeDecodeError):
            pass
    return token


def now_ms() -> int:
    return int(time.time() * 1000)


_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$")


def parse_duration(text: str) -> Optional[int]:
    m = _DURATION.match(text.strip().lower())
    if not m:
        return None
    scale = {"ms": 1, None: 1, "s": 1000, "m": 60_000, "h": 3_600_000}[m.group(2)]
    return int(float(m.group(1)) * scale)


class Plan:
    def __init__(self, outcome: Optional[str], failures: Optional[int], durations: Dict[str, int]):
        self.outcome = outcome
        self.failures = failures
        self.durations = durations


def parse_plan(value: Optional[str], states: List[str], initial: str, running: str) -> Plan:
    """The twin's header syntax; unknown or malformed directives are ignored (the header is a test aid)."""
    outcome, failures, durations = None, None, {}
    for part in re.split(r"[;,]", value or ""):
        if "=" not in part:
            continue
        key, raw = (s.strip() for s in part.split("=", 1))
        key = key.lower()
        if key == "outcome" and raw.lower() in ("succeed", "success", "fail", "partial", "never"):
            outcome = "succeed" if raw.lower() == "success" else raw.lower()
        elif key == "failures" and raw.isdigit():
            failures = int(raw)
        else:
            state = initial if key == "queue" else running if key == "run" else key if key in states else None
            ms = parse_duration(raw)
            if state is not None and ms is not None:
                durations[state] = ms
    return Plan(outcome, failures, durations)


def seed_of(job_id: str) -> int:
    return int(hashlib.sha256(job_id.encode()).hexdigest()[:8], 16)


Step = Tuple[int, str, int]  # (ms after creation, state, attempts started)


def timeline(plan: Plan, *, initial: str, running: str, retry_via: Optional[str], max_attempts: int,
             partial: Optional[str], seed: int) -> List[Step]:
    """pending → running (→ retry_via → running)* → terminal; a `never` outcome stays running."""
    queue = plan.durations.get(initial, DEFAULT_QUEUE_MS)
    run = plan.durations.get(running, DEFAULT_RUN_MS)
    back = plan.durations.get(retry_via, DEFAULT_RETRY_MS) if retry_via else 0
    steps: List[Step] = [(0, initial, 0)]
    t = queue
    attempt = 1
    while True:
        steps.append((t, running, attempt))
        if plan.outcome == "fail":
            fails = True
        elif plan.failures is not None:
            fails = attempt <= plan.failures
        elif plan.outcome:
            fails = False
        else:
            fails = seed % 10 == 0  # about one job in ten fails an attempt
        t += run
        if not fails:
            if plan.outcome == "never":
                return steps
            use_partial = partial and (plan.outcome == "partial" or (plan.outcome is None and seed % 10 == 5))
            steps.append((t, partial if use_partial else "completed", attempt))
            return steps
        if attempt >= max_attempts or not retry_via:
            steps.append((t, "failed", attempt))
            return steps
        steps.append((t, retry_via, attempt))
        t += back
        attempt += 1


def state_at(steps: List[Step], elapsed: int, running: str) -> Tuple[Step, Optional[int], Optional[int]]:
    """The step in force, when the latest attempt started and when a terminal state was reached (ms)."""
    seen = [s for s in steps if s[0] <= elapsed]
    current = seen[-1]
    started = max((s[0] for s in seen if s[1] == running), default=None)
    finished = current[0] if current is steps[-1] and current[1] != running else None
    return current, started, finished
