import { assert, describe, it } from "@effect/vitest"
import {
  credentialProblem,
  describeHeaderProblem,
  firstHeaderProblem,
  headerNameProblem,
  headerValueProblem
} from "./headerValues.ts"

const key = "SECRET-KEY-0123456789abcdef"

describe("header values", () => {
  it("accepts what every transport sends unchanged", () => {
    for (const value of ["", "plain", "a b\tc", "2017-03-01", "caf\u00e9", "Bearer abc.def-ghi_jkl~+/="]) {
      assert.isUndefined(headerValueProblem(value), JSON.stringify(value))
    }
  })

  it("refuses CR, LF, NUL, other controls, leading or trailing whitespace and non-Latin-1, by kind", () => {
    const cases: Array<[string, RegExp]> = [
      [`${key}\r\nX-Injected: 1`, /carriage return \(U\+000D\) inside it/],
      [`${key}\nX-Injected: 1`, /line feed \(U\+000A\) inside it/],
      [`${key}\u0000tail`, /NUL character/],
      [`${key}\n`, /line feed \(U\+000A\) at its end/],
      [` ${key}`, /leading or trailing whitespace|space/],
      [`${key}\u007f`, /control character/],
      [`${key}\u2028`, /outside ASCII/],
      ["\u65e5\u672c", /outside ASCII/]
    ]
    for (const [value, pattern] of cases) {
      const problem = headerValueProblem(value)
      assert.isString(problem, JSON.stringify(value))
      assert.match(problem ?? "", pattern)
      assert.notInclude(problem ?? "", key)
    }
  })

  it("holds credentials to visible ASCII: no space, tab, control or non-ASCII character, not empty", () => {
    assert.isUndefined(credentialProblem(key))
    assert.isUndefined(credentialProblem("eyJhbGciOi.J9-_~+/="))
    for (const bad of ["", `${key}\n`, `${key}\r\n`, `a b`, `a\tb`, `${key}\u0000`, "caf\u00e9"]) {
      const problem = credentialProblem(bad)
      assert.isString(problem, JSON.stringify(bad))
      if (bad.length > 3) assert.notInclude(problem ?? "", bad.slice(0, 4))
    }
  })

  it("checks header names against RFC 9110 token characters", () => {
    assert.isUndefined(headerNameProblem("X-UltraCart-Api-Version"))
    for (const bad of ["", "X Note", "X:Note", "X-\r\nInjected", "\u00e9"]) {
      assert.isString(headerNameProblem(bad), JSON.stringify(bad))
    }
  })

  it("finds the first bad header and describes it by name only", () => {
    assert.isUndefined(firstHeaderProblem({ a: "1", b: "2" }))
    const problem = firstHeaderProblem({ good: "1", "x-bad": `${key}\r\n` })
    assert.strictEqual(problem?.name, "x-bad")
    const text = problem === undefined ? "" : describeHeaderProblem(problem)
    assert.include(text, '"x-bad"')
    assert.notInclude(text, key)
  })
})
