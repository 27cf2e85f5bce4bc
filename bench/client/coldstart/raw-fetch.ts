// Cold start, baseline: process start -> first completed request with fetch + JSON.parse.
const url = `${process.env.BENCH_BASE_URL}/conversation/conversations/${process.env.BENCH_UUID}`
const response = await fetch(url, {
  headers: { "x-ultracart-simple-key": "bench-simple-key", "X-UltraCart-Api-Version": "2017-03-01" }
})
const body = JSON.parse(await response.text()) as { conversation?: { conversation_uuid?: string } }
if (body.conversation?.conversation_uuid !== process.env.BENCH_UUID) process.exit(1)
process.stdout.write(`${JSON.stringify({ readyMs: performance.now() })}\n`)
process.exit(0)
