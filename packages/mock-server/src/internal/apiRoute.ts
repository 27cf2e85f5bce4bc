import type { IncomingMessage, ServerResponse } from "node:http"
import { isObject } from "@uc-conversation/spec"
import {
  checkAuth,
  checkRequiredHeaders,
  presentedCredential,
  type Rejection,
  readParameters,
  readRequestBody,
  route,
  runOperation
} from "./api.ts"
import { API_PREFIX, MAX_API_BODY, type RawRequest, type ServerContext } from "./context.ts"
import { errorHeaders, errorReply } from "./envelope.ts"
import { json, preflight, type Reply, readBody, send } from "./http.ts"
import { type Admission, normalizeIp, rateLimitReply } from "./rateLimiter.ts"
import { recorder } from "./requestLog.ts"

const isRejection = (u: object): u is Rejection =>
  "status" in u && "message" in u && typeof u.status === "number" && typeof u.message === "string"

/**
 * One ConversationApi request: route, rate limit, fault, credential, version header, parameters,
 * body, operation, then the (possibly damaged) response.
 */
export const handleApi = async (
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  { method, rawPath, rawQuery, origin }: RawRequest
): Promise<void> => {
  const found = route(ctx.spec.operations, method, rawPath.slice(API_PREFIX.length))
  const record = recorder(ctx.log, {
    method,
    path: rawPath,
    query: rawQuery,
    operationId: found._tag === "Matched" ? found.operation.operationId : undefined,
    pathParams: found._tag === "Matched" ? found.pathParams : {}
  })
  // Admitted on arrival, before the body is read or a latency fault waits: the concurrency slot is
  // held for as long as this request is being answered, exactly the window UltraCart forbids.
  const admission = found._tag === "Matched" ? admit(ctx, req, res) : undefined
  const bytes = await readBody(req, MAX_API_BODY)
  const answer = (reply: Reply): void => {
    record(reply.status)
    send(res, reply)
  }
  if (found._tag === "NoSuchPath")
    return answer(
      errorReply(ctx.spec.dialect, { status: 404, message: `No ConversationApi operation at ${rawPath}.` })
    )
  if (found._tag === "BadEncoding")
    return answer(
      errorReply(ctx.spec.dialect, { status: 400, message: "The path is not valid percent-encoding." })
    )
  if (found._tag === "MethodNotAllowed") {
    const allow = found.allow.join(", ")
    if (method === "OPTIONS") return answer(preflight(req, allow))
    return answer(
      errorReply(ctx.spec.dialect, { status: 405, message: `${method} is not allowed here.` }, { allow })
    )
  }

  if (admission !== undefined && !admission.ok)
    return answer(rateLimitReply(ctx.spec.dialect, admission.rejection))

  const { operation, pathParams } = found
  const chosen = ctx.injector.choose(req, operation.operationId)
  if ("rejection" in chosen) return answer(errorReply(ctx.spec.dialect, chosen.rejection))
  const fault = chosen.fault
  if (await ctx.injector.before(req, res, fault, (status) => record(status, fault))) return
  const reject = (rejection: Rejection): void => {
    record(rejection.status, fault)
    ctx.injector.deliver(res, errorReply(ctx.spec.dialect, rejection), fault, undefined)
  }
  const denied =
    checkAuth(req.headers, ctx.credentials) ??
    checkRequiredHeaders(ctx.spec.dialect, req.headers) ??
    (bytes === "too-large" ? { status: 400, message: "The request body is too large." } : undefined)
  if (denied !== undefined) return reject(denied)
  const params = readParameters(operation, pathParams, new URLSearchParams(rawQuery), req.headers)
  if (isRejection(params)) return reject(params)
  const parsed = readRequestBody(operation, bytes as Uint8Array, req.headers["content-type"])
  if (isRejection(parsed)) return reject(parsed)

  const result = runOperation(
    operation,
    {
      params: params.params,
      body: parsed.body,
      store: ctx.store,
      origin,
      uploadTtlMs: ctx.uploadTtlMs,
      jwtTtlSeconds: ctx.jwtTtlSeconds,
      paging: operation.paging
    },
    ctx.engine
  )
  record(result.status, fault)
  const errorHeader =
    result.status >= 400 && isObject(result.body) && isObject(result.body.error)
      ? errorHeaders(ctx.spec.dialect, String(result.body.error.developer_message))
      : {}
  const reply: Reply =
    result.body === undefined ? { status: result.status } : json(result.status, result.body, errorHeader)
  ctx.injector.deliver(res, reply, fault, result.body)
}

/**
 * Runs the rate limiter for a request that names an operation and carries one of the mock's
 * credentials. A missing or wrong credential is not counted: it gets its 401 below, and UltraCart
 * cannot charge an application it could not identify. The slot is released when the response is
 * done or the connection drops (a reset fault included).
 */
const admit = (ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Admission | undefined => {
  const credential = presentedCredential(req.headers, ctx.credentials)
  if (credential === undefined) return undefined
  const admission = ctx.rateLimiter.admit({ credential, ip: normalizeIp(req.socket.remoteAddress) })
  if (admission.ok) {
    // Both events: Node emits "close" after "finish", other runtimes' node:http may emit only one.
    res.once("finish", admission.release)
    res.once("close", admission.release)
  }
  return admission
}
