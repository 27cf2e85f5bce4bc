/**
 * SHA-256 of a string (UTF-8), hex: the scheduler registry's key for a credential, so the
 * credential itself is never kept as a key. `@noble/hashes` (audited, dependency-free) because the
 * key is needed synchronously on every runtime: Web Crypto's digest is asynchronous, and
 * `node:crypto` is not available everywhere this package runs.
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js"

/** The SHA-256 digest of `text`'s UTF-8 bytes, as 64 lower-case hex digits. */
export const sha256Hex = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)))
