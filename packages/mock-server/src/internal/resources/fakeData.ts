import { isObject, type Json } from "@uc-conversation/spec"
import type { Prng } from "../prng.ts"
import { iso, MERCHANT_ID, SEED_BASE_EPOCH } from "../seed.ts"
import {
  type Item,
  isPlaceholder,
  itemsOf,
  propertiesOf,
  propertyOf,
  type Resolved,
  resolve,
  typeOf
} from "./schema.ts"

/**
 * Deterministic values for a schema: every value validates against it (enums, formats, maxLength),
 * strings look like what their property holds (uuids, ISO dates, E.164 numbers, emails, URLs).
 * Nothing reads the clock or Math.random; a placeholder schema yields `{}` (its fields are unknown).
 */

const PEOPLE = [
  "Avery Quinn",
  "Blake Rivera",
  "Casey Morgan",
  "Devon Park",
  "Jordan Ellis",
  "Priya Natarajan"
]
const TIMEZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "Europe/London"
]
const COUNTRIES = ["US", "CA", "GB", "DE"]
const WORDS = ["Sales", "Support", "Billing", "Returns", "Main", "After hours", "Holiday", "Overflow"]

/** How deep nested arrays still get elements; deeper ones are empty. */
const MAX_DEPTH = 4

const hex = (prng: Prng, digits: number): string => {
  let out = ""
  for (let i = 0; i < digits; i++) out += prng.int(0, 15).toString(16)
  return out
}
const digits = (prng: Prng, n: number): string => {
  let out = ""
  for (let i = 0; i < n; i++) out += String(prng.int(0, 9))
  return out
}
const title = (name: string): string => {
  const words = name.replace(/_/g, " ").trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A phone number in E.164, in the 555 range no real subscriber has. */
export const fakePhoneNumber = (prng: Prng): string =>
  `+1${prng.pick(["614", "415", "212", "312"])}555${digits(prng, 4)}`

/** A Twilio-style SID: two letters from the field name and 32 hex digits. */
const sid = (prng: Prng, name: string): string =>
  `${(name.replace(/[^a-z]/gi, "").slice(0, 2) || "SI").toUpperCase()}${hex(prng, 32)}`

/** A moment within the seeded fortnight before the seed's base epoch. */
const seededEpoch = (prng: Prng): number => SEED_BASE_EPOCH - prng.int(0, 14 * 24 * 60) * 60_000

const fakeString = (prng: Prng, schema: Item, name: string, counter: number): string => {
  const lower = name.toLowerCase()
  const description = typeof schema.description === "string" ? schema.description : ""
  const format = typeof schema.format === "string" ? schema.format : ""
  if (format === "dateTime" || format === "date-time") return iso(seededEpoch(prng))
  if (format === "date" || /YYYY-MM-DD/.test(description) || /(^|_)date$/.test(lower))
    return iso(seededEpoch(prng)).slice(0, 10)
  if (/(^|_)uuid$/.test(lower) || /(^|_)uuids$/.test(lower) || /\buuid\b/i.test(description))
    return prng.uuid()
  if (/_sid$/.test(lower)) return sid(prng, lower)
  if (lower.includes("email"))
    return `${prng.pick(["jordan", "priya", "mateo", "sofia"])}.${counter}@example.com`
  if (/phone_number$|cellphone|^from$|^destination$|(^|_)phone$|^to$/.test(lower))
    return fakePhoneNumber(prng)
  if (/(^|_)url$/.test(lower)) return `https://mock.ultracart.invalid/${lower}/${prng.uuid()}`
  if (lower === "merchant_id" || lower.endsWith("_merchant_id")) return MERCHANT_ID
  if (lower.includes("timezone")) return prng.pick(TIMEZONES)
  if (lower === "timestamp" || /ISO 8601 timestamp/i.test(description)) return iso(seededEpoch(prng))
  if (lower.includes("color")) return `#${hex(prng, 6).toUpperCase()}`
  if (lower.includes("mac_address"))
    return hex(prng, 12)
      .toUpperCase()
      .replace(/(..)(?!$)/g, "$1:")
  if (lower.endsWith("_json")) return "{}"
  if (lower === "iso2" || lower === "country") return prng.pick(COUNTRIES)
  if (lower.includes("language_iso_code")) return "en"
  if (/(^|_)(name|full_name|display_name|agent_name|customer_name)$/.test(lower) && !lower.includes("file"))
    return `${prng.pick(PEOPLE)}`
  if (/(^|_)(login|username|user_name)$/.test(lower))
    return `${prng.pick(["avery", "blake", "casey", "devon"])}${counter}`
  if (/password|secret|value$/.test(lower)) return hex(prng, 16)
  if (/(^|_)(id|identifier|key)$/.test(lower))
    return `${lower.replace(/_?(id|identifier|key)$/, "") || "id"}-${hex(prng, 8)}`
  return `${prng.pick(WORDS)} ${title(name || "value").toLowerCase()} ${counter}`
}

const fakeInteger = (prng: Prng, schema: Item, name: string): number => {
  const lower = name.toLowerCase()
  const min = typeof schema.minimum === "number" ? schema.minimum : 0
  const max = typeof schema.maximum === "number" ? schema.maximum : undefined
  const pick = (lo: number, hi: number): number => prng.int(Math.max(lo, min), Math.min(hi, max ?? hi))
  if (lower === "user_id" || lower.endsWith("_user_id")) return pick(1001, 1004)
  if (lower.includes("seconds")) return pick(0, 3600)
  if (lower === "extension") return pick(100, 199)
  if (lower.includes("bytes")) return pick(10_000, 900_000)
  if (lower === "hour" || lower.endsWith("_hour")) return pick(0, 23)
  return pick(1, 500)
}

/** Generates a value for `schema` (already located at `pointer`). `name` is its property name. */
export const fakeValue = (
  doc: Item,
  prng: Prng,
  node: Json | undefined,
  pointer: string,
  name = "",
  depth = 0
): Json => {
  const at = resolve(doc, node, pointer)
  const { schema } = at
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return prng.pick(schema.enum)
  if (isPlaceholder(schema)) return {}
  const counter = prng.int(1, 99)
  switch (typeOf(schema)) {
    case "string": {
      const value = fakeString(prng, schema, name, counter)
      return typeof schema.maxLength === "number" ? value.slice(0, schema.maxLength) : value
    }
    case "integer":
      return fakeInteger(prng, schema, name)
    case "number":
      return Math.round(prng.next() * 10_000) / 100
    case "boolean":
      return prng.chance(0.5)
    case "array": {
      if (depth >= MAX_DEPTH) return []
      const items = itemsOf(doc, at)
      const count = depth === 0 ? prng.int(1, 3) : prng.int(0, 2)
      const singular = name.replace(/s$/, "")
      return Array.from({ length: count }, () =>
        fakeValue(doc, prng, items.schema, items.pointer, singular, depth + 1)
      )
    }
    case "object":
      return fakeObject(doc, prng, at, depth)
    default:
      return {}
  }
}

/** An object with every declared property generated (an open object stays `{}`). */
export const fakeObject = (doc: Item, prng: Prng, at: Resolved, depth = 0): Item => {
  const out: Item = {}
  for (const key of Object.keys(propertiesOf(at.schema))) {
    const property = propertyOf(doc, at, key)
    out[key] = fakeValue(doc, prng, property.schema, property.pointer, key, depth + 1)
  }
  return isObject(out) ? out : {}
}
