// A bare express 5 responder with the same body: what an express app costs before doing anything.
import express from 'express';

const app = express();
const body = { success: true, jobId: 'job_01HXYZABC', status: 'active', attemptsMade: 1, processedOn: 1712345670000 };
app.get('/{*path}', (_req, res) => {
  res.json(body);
});
app.listen(Number(process.env.PORT), '127.0.0.1');
