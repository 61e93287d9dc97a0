// The ceiling: a bare node:http server answering a job-status-sized JSON body.
import { createServer } from 'node:http';

const body = JSON.stringify({ success: true, jobId: 'job_01HXYZABC', status: 'active', attemptsMade: 1, processedOn: 1712345670000 });
createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
