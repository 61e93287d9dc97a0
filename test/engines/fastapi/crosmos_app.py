"""Crosmos Memory API's ingestion operations as a FastAPI service writes them.

Run: /usr/bin/python3 -m uvicorn crosmos_app:app --app-dir test/engines/fastapi --port N
Jobs live in memory and move on real time (see jobplan.py); 90-day retention is left out.
"""
import uuid
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Dict, List, Optional
from uuid import UUID

from fastapi import Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel, StrictStr, conlist, validator

from jobplan import now_ms, parse_plan, seed_of, state_at, tenant, timeline

STATES = ["pending", "processing", "completed", "partial", "failed", "cancelled"]
REASON = "Embedding provider timed out after 60s"

app = FastAPI(title="Crosmos Memory API", version="0.1.0")


class ContentType(str, Enum):
    text = "text"
    markdown = "markdown"
    conversation = "conversation"
    html = "html"
    json = "json"
    pdf = "pdf"
    image = "image"
    audio = "audio"
    video = "video"


class SourceInput(BaseModel):
    # StrictStr: pydantic 2 refuses a number for a str field; pydantic 1 would turn it into text.
    content: StrictStr
    content_type: ContentType = ContentType.text
    role: Optional[StrictStr] = None
    sequence: Optional[int] = None
    meta: Optional[Dict[str, Any]] = None

    @validator("sequence", pre=True)
    def whole_number(cls, value: Any) -> Any:
        # pydantic 2 refuses 1.5 for an int (int_from_float); pydantic 1 would truncate it to 1.
        if isinstance(value, float) and not value.is_integer():
            raise ValueError("got a number with a fractional part")
        return value


class SourcesCreateRequest(BaseModel):
    space_id: UUID
    sources: conlist(SourceInput, min_items=1, max_items=100)


class SourcesCreateResponse(BaseModel):
    job_id: UUID
    source_ids: List[UUID]
    status: str


class IngestionJobResponse(BaseModel):
    job_id: UUID
    status: str
    source_ids: List[int]
    result: Optional[Dict[str, Any]] = None
    error_message: Optional[str] = None
    created_at: datetime
    started_at: Optional[datetime] = None
    completed_at: Optional[datetime] = None


class Job:
    def __init__(self, tenant_id: str, source_ids: List[UUID], plan_header: Optional[str]):
        self.id = uuid.uuid4()
        self.tenant = tenant_id
        self.source_ids = source_ids
        self.created = now_ms()
        plan = parse_plan(plan_header, STATES, "pending", "processing")
        self.steps = timeline(plan, initial="pending", running="processing", retry_via=None, max_attempts=1,
                              partial="partial", seed=seed_of(str(self.id)))


JOBS: Dict[UUID, Job] = {}


def iso(ms: Optional[int]) -> Optional[datetime]:
    return None if ms is None else datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


@app.post("/api/v1/sources", status_code=202, response_model=SourcesCreateResponse)
def create_sources(body: SourcesCreateRequest, who: str = Depends(tenant),
                   x_jobtwin_job: Optional[str] = Header(default=None)) -> SourcesCreateResponse:
    job = Job(who, [uuid.uuid4() for _ in body.sources], x_jobtwin_job)
    JOBS[job.id] = job
    return SourcesCreateResponse(job_id=job.id, source_ids=job.source_ids, status="pending")


@app.get("/api/v1/jobs/{job_id}", response_model=IngestionJobResponse)
def get_job_status(job_id: UUID, who: str = Depends(tenant)) -> IngestionJobResponse:
    job = JOBS.get(job_id)
    if job is None or job.tenant != who:
        raise HTTPException(status_code=404, detail=f"Job {job_id} not found")
    (at, state, _), started, finished = state_at(job.steps, now_ms() - job.created, "processing")
    n = len(job.source_ids)
    result = None
    if state in ("completed", "partial"):
        result = {"sources_processed": n, "chunks_created": 1 + n, "memories_extracted": n}
        if state == "partial":
            first = str(job.source_ids[0])
            result["failed_source_ids"] = [first]
            result["errors"] = [{"source_id": first, "error": "Content extraction failed: unsupported or empty content"}]
    return IngestionJobResponse(
        job_id=job.id,
        status=state,
        source_ids=list(range(1, n + 1)),
        result=result,
        error_message=REASON if state == "failed" else None,
        created_at=iso(job.created),
        started_at=iso(None if started is None else job.created + started),
        completed_at=iso(None if finished is None else job.created + finished),
    )
