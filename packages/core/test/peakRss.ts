/**
 * Measures the client's peak memory for hostile and maximal bodies, for README.md ("Security").
 *
 *   pnpm --filter @uc-conversation/core run build && node packages/core/test/peakRss.ts
 *   pnpm --filter @uc-conversation/node run build && node packages/core/test/peakRss.ts undici
 *
 * The parent process runs a loopback responder; each case runs in a fresh child process that
 * imports the built package (as a user would), makes one call through the Promise facade (global
 * fetch, or with `undici` the Node adapter's `/undici` entry; default 32 MiB limit) and reports its
 * peak RSS (`process.resourceUsage().maxRSS`), so the figures are the client's alone. Not part of
 * the test suite: it is a measurement, not a check.
 */
import { spawn } from "node:child_process"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import type { Layer } from "effect"
import type { HttpClient } from "effect/http"

const MiB = 1024 * 1024
const limit = 32 * MiB

/** A valid getConversationMessages body of about `bytes` bytes (messages of ~1 KB). */
const messagesBody = (bytes: number): Buffer => {
  const message = (i: number) =>
    JSON.stringify({
      conversation_message_uuid: `m-${i}`,
      author_conversation_participant_name: "Agent Smith",
      body: "x".repeat(800),
      message_epoch: 1_700_000_000_000 + i,
      type: "message",
      media_urls: []
    })
  const parts: Array<string> = []
  let size = 64
  for (let i = 0; size < bytes; i++) {
    const text = message(i)
    size += text.length + 1
    parts.push(text)
  }
  parts.pop()
  return Buffer.from(`{"success":true,"conversation_messages":[${parts.join(",")}]}`)
}

const filler = Buffer.alloc(64 * 1024, "x")
const pumpForever = (response: ServerResponse, chunk: Buffer): void => {
  const write = (): void => {
    while (!response.destroyed) {
      if (!response.write(chunk)) {
        response.once("drain", write)
        return
      }
    }
  }
  write()
}

type Case = {
  readonly name: string
  readonly serve: (request: IncomingMessage, response: ServerResponse) => void
}

/** Built only in the parent: the child must not pay for it. */
const cases = (): ReadonlyArray<Case> => {
  const atLimit = messagesBody(limit - 64 * 1024)
  return [
    {
      name: "small body (baseline)",
      serve: (_, response) => {
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({ success: true, conversation_messages: [] }))
      }
    },
    {
      name: `valid body just under the limit (${(atLimit.length / MiB).toFixed(1)} MiB, decoded)`,
      serve: (_, response) => {
        response.writeHead(200, {
          "content-type": "application/json",
          "content-length": String(atLimit.length)
        })
        response.end(atLimit)
      }
    },
    {
      name: "endless chunked body (stopped at the limit)",
      serve: (_, response) => {
        response.writeHead(200, { "content-type": "application/json" })
        pumpForever(response, filler)
      }
    },
    {
      name: "endless gzip bomb (refused unread)",
      serve: (_, response) => {
        const member = gzipSync(Buffer.alloc(MiB), { level: 9 })
        response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" })
        pumpForever(response, Buffer.concat(Array.from({ length: 64 }, () => member)))
      }
    },
    {
      name: "Content-Length 1 GiB (refused before reading)",
      serve: (_, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": String(1024 * MiB) })
        pumpForever(response, filler)
      }
    }
  ]
}

const child = async (baseUrl: string, transport: string): Promise<void> => {
  // The built package is what is measured; a computed specifier typed from the sources lets core
  // type-check before it is built (turbo's typecheck runs before core's own build).
  const builtCore = "../dist/index.js"
  const { createConversationClient } = (await import(builtCore)) as typeof import("../src/index.ts")
  // A computed specifier: core type-checks without the Node adapter built.
  const nodeUndici = "../../node/dist/undici.js"
  const httpClient =
    transport === "undici"
      ? (
          (await import(nodeUndici)) as {
            ConversationApiNodeUndici: { httpClient: Layer.Layer<HttpClient.HttpClient> }
          }
        ).ConversationApiNodeUndici.httpClient
      : undefined
  const uc = createConversationClient({
    baseUrl,
    simpleKey: "measure-key-0123",
    retry: false,
    ...(httpClient === undefined ? {} : { httpClient })
  })
  let outcome: string
  try {
    await uc.getConversationMessages({ conversation_uuid: "c1", since: 0 })
    outcome = "ok"
  } catch (error) {
    outcome = (error as { _tag?: string })._tag ?? String(error)
  }
  await uc.dispose()
  const maxRssMiB = process.resourceUsage().maxRSS / 1024
  process.stdout.write(JSON.stringify({ outcome, maxRssMiB: Math.round(maxRssMiB) }))
}

const transport = process.argv[2] === "--child" ? (process.argv[4] ?? "fetch") : (process.argv[2] ?? "fetch")

const measure = (testCase: Case): Promise<{ outcome: string; maxRssMiB: number }> =>
  new Promise((resolve, reject) => {
    const server = createServer(testCase.serve)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      const run = spawn(process.execPath, [
        fileURLToPath(import.meta.url),
        "--child",
        `http://127.0.0.1:${port}/rest/v2`
      ])
      let out = ""
      run.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString()
      })
      run.stderr.pipe(process.stderr)
      run.on("exit", (code) => {
        server.closeAllConnections()
        server.close()
        if (code !== 0) return reject(new Error(`${testCase.name}: child exited with ${code}`))
        resolve(JSON.parse(out))
      })
    })
  })

if (process.argv[2] === "--child") {
  await child(process.argv[3] ?? "", transport)
} else {
  console.log(`node ${process.version}, ${transport}, maxResponseBytes ${limit / MiB} MiB (default)`)
  console.log("| body | outcome | peak RSS (MiB) |")
  console.log("| --- | --- | --- |")
  for (const testCase of cases()) {
    const { outcome, maxRssMiB } = await measure(testCase)
    console.log(`| ${testCase.name} | ${outcome} | ${maxRssMiB} |`)
  }
}
