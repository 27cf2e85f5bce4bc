import { describe, expect, it } from "vitest"
import {
  defaultHeadersOf,
  errorHeaderOf,
  optionalFieldsNullableOf,
  paginationOf,
  readPagination,
  retrySafeOf
} from "./extensions.ts"

describe("x-uc-* readers", () => {
  it("retry safety: stated, else the method's default", () => {
    expect(retrySafeOf({ "x-uc-retry-safe": false }, "get")).toBe(false)
    expect(retrySafeOf({}, "put")).toBe(true)
    expect(retrySafeOf({}, "post")).toBe(false)
  })

  it("pagination: typed when well formed, the member at fault when not", () => {
    const value = { limit: "_limit", offset: "_offset", items: "conversations", max: 200 }
    expect(paginationOf({ "x-uc-pagination": value })).toEqual(value)
    expect(paginationOf({})).toBeUndefined()
    expect(paginationOf({ "x-uc-pagination": { ...value, max: 0 } })).toBeUndefined()
    expect(readPagination({ ...value, items: 3 })).toEqual({ member: "items", message: "must be a string" })
    expect(readPagination([])).toEqual({
      member: "",
      message: "must be an object {limit, offset, items, max}"
    })
  })

  it("root headers and flags", () => {
    const doc = {
      "x-uc-default-headers": { "X-UltraCart-Api-Version": "2017-03-01", Build: 7, Skip: null },
      "x-uc-error-header": " UC-REST-ERROR ",
      "x-uc-optional-fields-nullable": true
    }
    expect(defaultHeadersOf(doc)).toEqual({ "X-UltraCart-Api-Version": "2017-03-01", Build: "7" })
    expect(errorHeaderOf(doc)).toBe("UC-REST-ERROR")
    expect(errorHeaderOf({ "x-uc-error-header": "" })).toBeUndefined()
    expect(optionalFieldsNullableOf(doc)).toBe(true)
    expect(optionalFieldsNullableOf({})).toBeUndefined()
  })
})
