import type { FaultSpec } from "./faults.ts"

/** One request the mock received. Credentials are never recorded. */
export interface RequestLogEntry {
  readonly method: string
  /** The path exactly as received, still percent-encoded, without the query string. */
  readonly path: string
  /** The raw query string without "?", or "". */
  readonly query: string
  /** The spec operationId, a pseudo-operation ("uploadPut", "uploadGet") or undefined when nothing matched. */
  readonly operationId: string | undefined
  /** The status sent; 0 when the connection was reset by a fault. */
  readonly status: number
  /** Path parameters, decoded. */
  readonly pathParams: Readonly<Record<string, string>>
  /**
   * When the request arrived: wall-clock epoch milliseconds (`Date.now()`, not the mock's
   * injectable clock), so a test can line it up with times taken in other processes.
   */
  readonly receivedAt: number
  /** The fault applied to this request, if any. */
  readonly fault?: FaultSpec
}

/** Appends one request to the log once its status is known. */
export type Recorder = (status: number, fault?: FaultSpec) => void

/** A recorder for one request; the headers (and with them every credential) are never looked at. */
export const recorder = (
  log: Array<RequestLogEntry>,
  request: Omit<RequestLogEntry, "status" | "fault" | "receivedAt">
): Recorder => {
  const entry = { ...request, receivedAt: Date.now() }
  return (status, fault) => {
    log.push(fault === undefined ? { ...entry, status } : { ...entry, status, fault })
  }
}
