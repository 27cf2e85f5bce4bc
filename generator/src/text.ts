/** Case conversions shared by the IR (derived names) and the emitter (identifiers). */

const words = (name: string): Array<string> =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")

/** `foo_bar-baz` → `FooBarBaz`, keeping existing inner capitals. */
export const toPascalCase = (name: string): string =>
  words(name)
    .map((w) => (w[0] ?? "").toUpperCase() + w.slice(1))
    .join("")

/** `FooBar` / `foo_bar` → `fooBar`. */
export const toCamelCase = (name: string): string => {
  const pascal = toPascalCase(name)
  return (pascal[0] ?? "").toLowerCase() + pascal.slice(1)
}
