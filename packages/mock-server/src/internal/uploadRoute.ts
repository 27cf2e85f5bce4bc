import { createHash } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { RawRequest, ServerContext } from "./context.ts"
import { errorReply } from "./envelope.ts"
import { type Reply, readBody, send } from "./http.ts"
import { recorder } from "./requestLog.ts"
import { checkUploadSignature } from "./signing.ts"

/** Where presigned upload URLs point. */
export const UPLOAD_PREFIX = "/__uploads/"
const MAX_UPLOAD = 10 * 1024 * 1024

/** S3 answers presigned-URL problems with an XML error; the mock does too. */
const s3Error = (status: number, code: string, message: string): Reply => ({
  status,
  headers: { "content-type": "application/xml" },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`
})

const decodeKey = (rawPath: string): string => {
  try {
    return decodeURIComponent(rawPath.slice(UPLOAD_PREFIX.length))
  } catch {
    return ""
  }
}

/**
 * The presigned-upload store: `PUT` with a valid, unexpired signature stores the bytes;
 * `GET` serves them back. Faults apply as the pseudo-operations `uploadPut` and `uploadGet`.
 */
export const handleUpload = async (
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  { method, rawPath, rawQuery }: RawRequest
): Promise<void> => {
  const key = decodeKey(rawPath)
  const operationId = method === "PUT" ? "uploadPut" : method === "GET" ? "uploadGet" : undefined
  const record = recorder(ctx.log, {
    method,
    path: rawPath,
    query: rawQuery,
    operationId,
    pathParams: { key }
  })
  const chosen = operationId === undefined ? { fault: undefined } : ctx.injector.choose(req, operationId)
  const bytes = await readBody(req, MAX_UPLOAD)
  if ("rejection" in chosen) {
    record(chosen.rejection.status)
    return send(res, errorReply(ctx.spec.dialect, chosen.rejection))
  }
  const fault = chosen.fault
  if (await ctx.injector.before(req, res, fault, (status) => record(status, fault))) return
  const answer = (reply: Reply): void => {
    record(reply.status, fault)
    ctx.injector.deliver(res, reply, fault, undefined)
  }
  if (method === "GET") {
    const upload = ctx.store.uploads.get(key)
    if (upload === undefined) return answer(s3Error(404, "NoSuchKey", "The specified key does not exist."))
    return answer({
      status: 200,
      headers: { "content-type": upload.contentType ?? "application/octet-stream" },
      body: upload.bytes
    })
  }
  if (method !== "PUT")
    return answer({ ...s3Error(405, "MethodNotAllowed", "Use GET or PUT."), headers: { allow: "GET, PUT" } })
  const query = new URLSearchParams(rawQuery)
  const expires = Number(query.get("expires"))
  const signature = query.get("signature") ?? ""
  if (key === "" || !Number.isSafeInteger(expires) || !checkUploadSignature(key, expires, signature))
    return answer(s3Error(403, "SignatureDoesNotMatch", "The request signature does not match."))
  if (Date.now() > expires) return answer(s3Error(403, "AccessDenied", "Request has expired."))
  if (bytes === "too-large") return answer(s3Error(413, "EntityTooLarge", "The upload exceeds 10 MiB."))
  ctx.store.uploads.set(key, { bytes, contentType: req.headers["content-type"] })
  return answer({ status: 200, headers: { etag: `"${createHash("md5").update(bytes).digest("hex")}"` } })
}
