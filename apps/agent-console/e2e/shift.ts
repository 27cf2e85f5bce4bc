/**
 * An agent's shift in compressed time: the built console (with its embedded mock enforcing
 * UltraCart's limits, concurrency rejection on) at a time scale, open in real Chromium; customers
 * write at random (seeded), the agent clicks now and then. It measures what UltraCart would have
 * seen: requests per simulated hour, 429s, concurrent rejections, and how long a customer message
 * took from reaching the mock to showing in the page (a MutationObserver stamps each one).
 *
 * Used by shift.test.ts (one hour, in the console's test suite) and shift-main.ts (`npm run
 * console:shift`, a full shift written to bench/RESULTS.md).
 */
import assert from "node:assert/strict"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Page } from "playwright-core"
import type { Runtime } from "../src/runtimes.ts"
import { launchBrowser, type StartedConsole, startConsole } from "./harness.ts"

/** What to simulate. */
export interface ShiftOptions {
  readonly runtime: Runtime
  readonly hours: number
  /** Simulated seconds per real second; the console and its mock get the same. */
  readonly timeScale: number
  readonly seed: number
  /** Mean simulated seconds between two customer messages. */
  readonly messageEverySeconds?: number
  /** Progress lines. */
  readonly log?: (line: string) => void
}

/** Percentiles of a latency distribution, in simulated seconds. */
export interface Distribution {
  readonly count: number
  readonly p50: number
  readonly p95: number
  readonly max: number
}

/** What a shift measured. */
export interface ShiftResult {
  readonly runtime: Runtime
  readonly hours: number
  readonly timeScale: number
  readonly seed: number
  readonly realSeconds: number
  /** Requests the mock admitted (counted against UltraCart's buckets) during the shift. */
  readonly admitted: number
  readonly perHour: number
  /** Admitted requests in each simulated hour of the shift. */
  readonly hourly: ReadonlyArray<number>
  /** Highest level of the mock's hourly bucket seen (its leaky count of the last hour). */
  readonly peakHourlyBucket: number
  readonly rejected: { readonly rate: number; readonly concurrent: number }
  /** Responses with status 429 in the mock's request log. */
  readonly responses429: number
  /** Requests by operation, from the mock's log. */
  readonly byOperation: Readonly<Record<string, number>>
  /** Requests by console feature (the console's own counters, as its header shows them). */
  readonly byFeature: Readonly<Record<string, number>>
  readonly messages: {
    readonly sent: number
    /** Sent to the conversation open in the browser: each must show in its thread. */
    readonly toOpen: number
    readonly latency: Distribution
  }
  readonly actions: Readonly<Record<string, number>>
}

/** mulberry32: a small seeded PRNG, so a shift replays the same customers and clicks. */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Nearest-rank percentile of ascending `sorted`. */
export const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

export const distribution = (values: ReadonlyArray<number>): Distribution => {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] ?? Number.NaN
  }
}

interface RateLimitState {
  readonly admitted: number
  readonly rejected: { readonly rate: number; readonly concurrent: number }
  readonly credentials: Readonly<
    Record<string, ReadonlyArray<{ readonly seconds: number; readonly level: number }>>
  >
}

const control = async <A>(app: StartedConsole, path: string, init?: RequestInit): Promise<A> => {
  const response = await fetch(`${app.mockUrl}/__mock/${path}`, init)
  const text = await response.text()
  assert.ok(response.ok, `mock control ${path} answered ${response.status}: ${text}`)
  return JSON.parse(text) as A
}

const rateLimit = (app: StartedConsole) => control<RateLimitState>(app, "rate-limit")

interface LoggedRequest {
  readonly operationId?: string
  readonly status: number
  readonly receivedAt: number
  readonly pathParams: Readonly<Record<string, string>>
}

const requestLog = async (app: StartedConsole) =>
  (await control<{ requests: ReadonlyArray<LoggedRequest> }>(app, "requests")).requests

/**
 * A message's latency in simulated seconds. Compressing time compresses the waits, not the work:
 * at scale 60 a 100 ms render would count as 6 simulated seconds, so the figure would measure the
 * machine's load rather than the console's schedule. The wait is from the message reaching the
 * mock (`sentAt`) to the first upstream request that could carry it (a list poll, or a messages
 * fetch for its conversation), scaled; everything after that request's arrival (the answer, the
 * server's diff and fetch, the push, the page's render) is work, counted as it ran.
 */
export const simulatedLatency = (
  message: { readonly sentAt: number; readonly seenAt: number; readonly conversation: string },
  requests: ReadonlyArray<LoggedRequest>,
  timeScale: number
): number => {
  const carrier = requests.find(
    (r) =>
      r.receivedAt >= message.sentAt &&
      (r.operationId === "getConversations" ||
        (r.operationId === "getConversationMessages" &&
          r.pathParams.conversation_uuid === message.conversation))
  )
  if (carrier === undefined || carrier.receivedAt > message.seenAt)
    return ((message.seenAt - message.sentAt) / 1000) * timeScale
  return (
    ((carrier.receivedAt - message.sentAt) / 1000) * timeScale + (message.seenAt - carrier.receivedAt) / 1000
  )
}

/** The console's per-feature totals, read from one `budget` event as a hidden extra tab. */
const featureTotals = async (app: StartedConsole): Promise<Record<string, number>> => {
  const abort = new AbortController()
  const response = await fetch(`${app.url}/api/events?tab=shift-driver&visible=false`, {
    headers: { cookie: app.cookie },
    signal: abort.signal
  })
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ""
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) throw new Error("the event stream ended before a budget event")
      buffer += value
      const match = /event: budget\ndata: (.*)\n\n/.exec(buffer)
      if (match) return (JSON.parse(match[1]!) as { totals: Record<string, number> }).totals
    }
  } finally {
    abort.abort()
  }
}

/** Stamps, in the page, when each message token first appears anywhere in the document. */
const observeTokens = () => {
  const seen: Record<string, number> = {}
  ;(globalThis as unknown as { __seen: Record<string, number> }).__seen = seen
  new MutationObserver((records) => {
    const now = Date.now()
    for (const record of records)
      for (const node of record.addedNodes)
        for (const match of (node.textContent ?? "").matchAll(/⟦m(\d+)⟧/g))
          if (!(match[1]! in seen)) seen[match[1]!] = now
  }).observe(document, { childList: true, subtree: true })
}

const seenTokens = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __seen: Record<string, number> }).__seen)

const phrases = [
  "Where is my order?",
  "The tracking number does not work.",
  "Can I change the shipping address?",
  "I was charged twice.",
  "Do you ship to Canada?",
  "The coupon code is rejected.",
  "Thanks, that helped!"
]

/** Runs one shift and returns its figures (the caller asserts). */
export const runShift = async (options: ShiftOptions): Promise<ShiftResult> => {
  const log = options.log ?? (() => {})
  const random = prng(options.seed)
  const meanGap = options.messageEverySeconds ?? 45
  const app = await startConsole(options.runtime, 240_000, ["--time-scale", String(options.timeScale)])
  const profile = await mkdtemp(join(tmpdir(), "agent-console-shift-"))
  try {
    const context = await launchBrowser(profile)
    try {
      const page = context.pages()[0] ?? (await context.newPage())
      page.setDefaultTimeout(120_000)
      await page.addInitScript(observeTokens)
      // The access link: sets the session cookie and redirects to app.url.
      await page.goto(app.tokenUrl)
      await page.waitForSelector("body[data-ready=true]")
      await page.waitForSelector("[data-testid=connection][data-state=ok]")
      const items = page.locator("[data-testid=conversations] .conversation")
      const openAt = async (index: number): Promise<string> => {
        // By uuid: the list is redrawn (and reordered) whenever a pushed poll shows activity.
        const uuid = (await items.nth(index).getAttribute("data-uuid")) ?? ""
        await page.locator(`[data-testid=conversations] .conversation[data-uuid="${uuid}"]`).click()
        await page.waitForSelector(`#detail[data-state=open][data-uuid="${uuid}"]`)
        await page.waitForSelector("[data-testid=live][data-state=on]")
        return uuid
      }
      let open = await openAt(0)

      const start = await rateLimit(app)
      const logStart = (await requestLog(app)).length
      const featuresStart = await featureTotals(app)
      const began = performance.now()
      const simNow = () => ((performance.now() - began) / 1000) * options.timeScale
      const shiftSeconds = options.hours * 3600
      const untilSim = async (at: number) => {
        for (;;) {
          const left = at - simNow()
          if (left <= 0) return
          await new Promise((resolve) => setTimeout(resolve, Math.max(1, (left * 1000) / options.timeScale)))
        }
      }

      // The shift's events, drawn up front from the seed.
      type Event = { at: number; kind: "message" | "action" | "sample" }
      const events: Array<Event> = []
      for (
        let at = -Math.log(1 - random()) * meanGap;
        at < shiftSeconds;
        at += -Math.log(1 - random()) * meanGap
      )
        events.push({ at, kind: "message" })
      for (let at = 300 + random() * 600; at < shiftSeconds; at += 300 + random() * 600)
        events.push({ at, kind: "action" })
      for (let at = 60; at <= shiftSeconds; at += 60) events.push({ at, kind: "sample" })
      events.sort((a, b) => a.at - b.at)

      const sentAt = new Map<string, number>()
      const sentTo = new Map<string, string>()
      const toOpen = new Set<string>()
      const actions: Record<string, number> = { open: 0, status: 0, queues: 0 }
      const hourly: Array<number> = []
      let hourStartAdmitted = start.admitted
      let peakHourlyBucket = 0
      let next = 0
      const statuses = ["available", "busy"] as const

      const waitShown = async (tokens: ReadonlyArray<string>) => {
        for (;;) {
          const seen = await seenTokens(page)
          if (tokens.every((token) => token in seen)) return
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      }

      for (const event of events) {
        await untilSim(event.at)
        if (event.kind === "sample") {
          const state = await rateLimit(app)
          const hourBucket = state.credentials.simpleKey?.find((bucket) => bucket.seconds === 3600)
          peakHourlyBucket = Math.max(peakHourlyBucket, hourBucket?.level ?? 0)
          if (Math.round(event.at) % 3600 === 0) {
            hourly.push(state.admitted - hourStartAdmitted)
            hourStartAdmitted = state.admitted
            log(`  hour ${hourly.length}: ${hourly[hourly.length - 1]} requests`)
          }
        } else if (event.kind === "message") {
          const id = String(next++)
          const here = random() < 0.75
          let target = open
          if (!here) {
            const uuids = (
              await items.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-uuid") ?? ""))
            ).filter((uuid) => uuid !== "" && uuid !== open)
            target = uuids[Math.floor(random() * Math.min(uuids.length, 10))] ?? open
          }
          const body = `${phrases[Math.floor(random() * phrases.length)]} ⟦m${id}⟧`
          const { conversation_message } = await control<{ conversation_message: { message_epoch: number } }>(
            app,
            `conversations/${encodeURIComponent(target)}/messages`,
            {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ body })
            }
          )
          sentAt.set(id, conversation_message.message_epoch)
          sentTo.set(id, target)
          if (target === open) toOpen.add(id)
        } else {
          const roll = random()
          if (roll < 0.5) {
            // Every message sent to the open conversation shows before the agent moves on.
            await waitShown([...toOpen])
            open = await openAt(1 + Math.floor(random() * 5))
            actions.open! += 1
          } else if (roll < 0.8) {
            const status = statuses[actions.status! % 2]!
            await page.locator(`[data-testid=my-status] [data-status=${status}]`).click()
            await page.waitForSelector(`[data-testid=my-status] [data-status=${status}][aria-pressed=true]`)
            actions.status! += 1
          } else {
            await page.locator("#queues-refresh").click()
            await page.waitForFunction(
              () => document.querySelector("#queues-refresh")?.getAttribute("aria-busy") === null
            )
            actions.queues! += 1
          }
        }
      }
      await untilSim(shiftSeconds)
      const end = await rateLimit(app)
      const realSeconds = (performance.now() - began) / 1000
      await waitShown([...toOpen])
      const seen = await seenTokens(page)
      const requests = (await requestLog(app)).slice(logStart)
      const latencies = [...toOpen].map((id) =>
        simulatedLatency(
          { sentAt: sentAt.get(id)!, seenAt: seen[id]!, conversation: sentTo.get(id)! },
          requests,
          options.timeScale
        )
      )
      const byOperation: Record<string, number> = {}
      for (const request of requests) {
        const key = request.operationId ?? "other"
        byOperation[key] = (byOperation[key] ?? 0) + 1
      }
      const featuresEnd = await featureTotals(app)
      const byFeature = Object.fromEntries(
        Object.entries(featuresEnd).map(([feature, total]) => [
          feature,
          total - (featuresStart[feature] ?? 0)
        ])
      )
      const admitted = end.admitted - start.admitted
      return {
        runtime: options.runtime,
        hours: options.hours,
        timeScale: options.timeScale,
        seed: options.seed,
        realSeconds,
        admitted,
        perHour: admitted / options.hours,
        hourly,
        peakHourlyBucket,
        rejected: end.rejected,
        responses429: requests.filter((request) => request.status === 429).length,
        byOperation,
        byFeature,
        messages: { sent: sentAt.size, toOpen: toOpen.size, latency: distribution(latencies) },
        actions
      }
    } finally {
      await context.close()
    }
  } catch (error) {
    log(`--- console output ---\n${app.output().slice(-4000)}`)
    throw error
  } finally {
    await app.stop()
    await rm(profile, { recursive: true, force: true })
  }
}

/** One line per figure, for a log. */
export const describeShift = (r: ShiftResult): string =>
  [
    `${r.hours} h on ${r.runtime} at ×${r.timeScale} (seed ${r.seed}) in ${r.realSeconds.toFixed(1)} s real`,
    `requests: ${r.admitted} (${r.perHour.toFixed(0)}/h; hourly ${r.hourly.join(", ")}; peak hourly bucket ${r.peakHourlyBucket.toFixed(0)})`,
    `429s: ${r.responses429}; rejected rate ${r.rejected.rate}, concurrent ${r.rejected.concurrent}`,
    `by feature: ${Object.entries(r.byFeature)
      .map(([feature, count]) => `${feature} ${count}`)
      .join(", ")}`,
    `by operation: ${Object.entries(r.byOperation)
      .map(([operation, count]) => `${operation} ${count}`)
      .join(", ")}`,
    `messages: ${r.messages.sent} sent, ${r.messages.toOpen} to the open conversation; latency (simulated s) p50 ${r.messages.latency.p50.toFixed(1)}, p95 ${r.messages.latency.p95.toFixed(1)}, max ${r.messages.latency.max.toFixed(1)}`,
    `agent actions: ${Object.entries(r.actions)
      .map(([action, count]) => `${action} ${count}`)
      .join(", ")}`
  ].join("\n")
