import { createHmac, timingSafeEqual } from "node:crypto"

/** The mock's HMAC secret. Clearly fake; it signs mock JWTs and presigned upload URLs only. */
const MOCK_SECRET = "uc-conversation-mock-secret-not-for-production"

const base64url = (input: string | Buffer): string => Buffer.from(input).toString("base64url")

const hmac = (data: string): string => createHmac("sha256", MOCK_SECRET).update(data).digest("base64url")

/** A JWT-shaped token (HS256 over header.payload with the mock secret). */
export const signJwt = (payload: Record<string, unknown>): string => {
  const head = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))
  const body = base64url(JSON.stringify(payload))
  return `${head}.${body}.${hmac(`${head}.${body}`)}`
}

/** Verifies a mock JWT and returns its payload, or undefined when the signature does not match. */
export const verifyJwt = (token: string): Record<string, unknown> | undefined => {
  const [head, body, signature] = token.split(".")
  if (head === undefined || body === undefined || signature === undefined) return undefined
  if (!safeEqual(signature, hmac(`${head}.${body}`))) return undefined
  return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>
}

const safeEqual = (a: string, b: string): boolean => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** The signature a presigned upload URL carries for `key` until `expires` (epoch ms). */
export const uploadSignature = (key: string, expires: number): string => hmac(`upload:${key}:${expires}`)

/** Whether a presigned upload's signature is genuine; expiry is checked by the caller. */
export const checkUploadSignature = (key: string, expires: number, signature: string): boolean =>
  safeEqual(signature, uploadSignature(key, expires))
