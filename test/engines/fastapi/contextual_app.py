"""Contextual AI's parse operations (base path /v1) as a FastAPI service writes them.

Run: /usr/bin/python3 -m uvicorn contextual_app:app --app-dir test/engines/fastapi --port N
Jobs live in memory and move on real time (see jobplan.py); a failed attempt is retried (at most 3
attempts, `processing` → `retrying` → `processing`). 30-day retention is left out.
"""
import base64
import json
import uuid
from datetime import datetime
from enum import Enum
from typing import Any, Dict, List, Optional
from uuid import UUID

from fastapi import Depends, FastAPI, File, Form, Header, HTTPException, Query, UploadFile
from pydantic import BaseModel

from jobplan import now_ms, parse_plan, seed_of, state_at, tenant, timeline

STATES = ["pending", "processing", "retrying", "completed", "failed", "cancelled"]

app = FastAPI(title="Contextual AI Parse API", version="1.0")


class ParseMode(str, Enum):
    basic = "basic"
    standard = "standard"


class FigureCaptionMode(str, Enum):
    concise = "concise"
    detailed = "detailed"


class ParseOutputFormat(str, Enum):
    markdown_document = "markdown-document"
    markdown_per_page = "markdown-per-page"
    blocks_per_page = "blocks-per-page"


class ParseResponseV1(BaseModel):
    job_id: UUID


class ParseStatusResponseV1(BaseModel):
    status: str
    file_name: str


class PageResult(BaseModel):
    index: int
    markdown: Optional[str] = None
    blocks: Optional[List[Dict[str, Any]]] = None


class ParseResultsResponseV1(BaseModel):
    file_name: str
    status: str
    document_metadata: Optional[Dict[str, Any]] = None
    markdown_document: Optional[str] = None
    pages: Optional[List[PageResult]] = None


class ParseListJobsItem(BaseModel):
    id: UUID
    status: str
    file_name: str


class ParseListJobsResponseV1(BaseModel):
    jobs: List[ParseListJobsItem]
    total_jobs: int
    next_cursor: Optional[str] = None


class Job:
    def __init__(self, seq: int, tenant_id: str, file_name: str, plan_header: Optional[str]):
        self.id = uuid.uuid4()
        self.seq = seq
        self.tenant = tenant_id
        self.file_name = file_name
        self.created = now_ms()
        plan = parse_plan(plan_header, STATES, "pending", "processing")
        self.steps = timeline(plan, initial="pending", running="processing", retry_via="retrying", max_attempts=3,
                              partial=None, seed=seed_of(str(self.id)))

    def state(self) -> str:
        return state_at(self.steps, now_ms() - self.created, "processing")[0][1]


JOBS: Dict[UUID, Job] = {}


def own_job(job_id: UUID, who: str) -> Job:
    job = JOBS.get(job_id)
    if job is None or job.tenant != who:
        raise HTTPException(status_code=404, detail=f"Parse job {job_id} not found")
    return job


@app.post("/v1/parse", response_model=ParseResponseV1)
async def parse_parse_post(
    raw_file: UploadFile = File(...),
    parse_mode: Optional[ParseMode] = Form(None),
    enable_document_hierarchy: Optional[bool] = Form(None),
    enable_split_tables: Optional[bool] = Form(None),
    max_split_table_cells: Optional[int] = Form(None),
    figure_caption_mode: Optional[FigureCaptionMode] = Form(None),
    page_range: Optional[str] = Form(None),
    who: str = Depends(tenant),
    x_jobtwin_job: Optional[str] = Header(default=None),
) -> ParseResponseV1:
    job = Job(len(JOBS) + 1, who, raw_file.filename or "", x_jobtwin_job)
    JOBS[job.id] = job
    return ParseResponseV1(job_id=job.id)


@app.get("/v1/parse/jobs/{job_id}/status", response_model=ParseStatusResponseV1)
def parse_status(job_id: UUID, who: str = Depends(tenant)) -> ParseStatusResponseV1:
    job = own_job(job_id, who)
    return ParseStatusResponseV1(status=job.state(), file_name=job.file_name)


@app.get("/v1/parse/jobs/{job_id}/results", response_model=ParseResultsResponseV1, response_model_exclude_none=True)
def parse_results(job_id: UUID, output_types: List[ParseOutputFormat] = Query([ParseOutputFormat.markdown_document]),
                  who: str = Depends(tenant)) -> ParseResultsResponseV1:
    job = own_job(job_id, who)
    state = job.state()
    answer = ParseResultsResponseV1(file_name=job.file_name, status=state)
    if state != "completed":
        return answer
    text = f"# {job.file_name}\n\nParsed."
    answer.document_metadata = {"hierarchy": {"blocks": [], "table_of_contents": f"- {job.file_name}"}}
    if ParseOutputFormat.markdown_document in output_types:
        answer.markdown_document = text
    per_page = ParseOutputFormat.markdown_per_page in output_types
    blocks = ParseOutputFormat.blocks_per_page in output_types
    if per_page or blocks:
        block = {"id": str(uuid.uuid5(job.id, "0")), "type": "heading", "markdown": f"# {job.file_name}",
                 "bounding_box": {"x0": 0.1, "y0": 0.1, "x1": 0.9, "y1": 0.2}}
        answer.pages = [PageResult(index=0, markdown=text if per_page else None, blocks=[block] if blocks else None)]
    return answer


def _cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": seq}).encode()).decode().rstrip("=")


def _after(cursor: str) -> Optional[int]:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return value["after"] if isinstance(value, dict) and isinstance(value.get("after"), int) else None
    except (ValueError, KeyError):
        return None


@app.get("/v1/parse/jobs", response_model=ParseListJobsResponseV1, response_model_exclude_none=True)
def parse_list_jobs(limit: int = Query(1000, ge=1, le=1000), cursor: Optional[str] = None,
                    uploaded_after: Optional[datetime] = None, who: str = Depends(tenant)) -> ParseListJobsResponseV1:
    mine = [j for j in JOBS.values() if j.tenant == who]
    if uploaded_after is not None:
        since = int(uploaded_after.timestamp() * 1000)
        mine = [j for j in mine if j.created >= since]
    mine.sort(key=lambda j: j.seq, reverse=True)  # newest first
    start = 0
    if cursor:
        after = _after(cursor)
        if after is None:
            raise HTTPException(status_code=422, detail=[{"type": "value_error", "loc": ["query", "cursor"],
                                                          "msg": "Value error, not a cursor this server issued", "input": cursor}])
        start = next((i for i, j in enumerate(mine) if j.seq < after), len(mine))
    page = mine[start:start + limit]
    more = start + limit < len(mine)
    return ParseListJobsResponseV1(
        jobs=[ParseListJobsItem(id=j.id, status=j.state(), file_name=j.file_name) for j in page],
        total_jobs=len(mine),
        next_cursor=_cursor(page[-1].seq) if more and page else None,
    )
