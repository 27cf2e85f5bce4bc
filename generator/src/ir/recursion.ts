import type { IrNamedSchema, IrSchema } from "./types.ts"

/** Component names referenced anywhere inside one schema node, in order of appearance. */
export const referencedComponents = (schema: IrSchema, into: Set<string> = new Set()): Set<string> => {
  switch (schema.kind) {
    case "ref":
      into.add(schema.target)
      break
    case "array":
      referencedComponents(schema.items, into)
      break
    case "nullable":
      referencedComponents(schema.inner, into)
      break
    case "union":
      for (const m of schema.members) referencedComponents(m, into)
      break
    case "object":
      for (const p of schema.properties) referencedComponents(p.schema, into)
      if (schema.additional !== undefined) referencedComponents(schema.additional, into)
      break
    default:
      break
  }
  return into
}

/**
 * The cycles of `edges`, each as the nodes taking part in it (Tarjan's strongly connected
 * components: a component of size > 1, or a node with an edge to itself). Edges to unknown
 * nodes are ignored.
 */
export const cycles = (edges: ReadonlyMap<string, ReadonlyArray<string>>): Array<Array<string>> => {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: Array<string> = []
  const onStack = new Set<string>()
  const cyclic: Array<Array<string>> = []
  let counter = 0
  // Iterative Tarjan: large specs nest deeper than the call stack likes.
  for (const root of edges.keys()) {
    if (index.has(root)) continue
    const work: Array<[string, number]> = [[root, 0]]
    while (work.length > 0) {
      const frame = work[work.length - 1] as [string, number]
      const [node, next] = frame
      if (next === 0) {
        index.set(node, counter)
        low.set(node, counter)
        counter++
        stack.push(node)
        onStack.add(node)
      }
      const targets = edges.get(node) ?? []
      if (next < targets.length) {
        frame[1] = next + 1
        const target = targets[next] as string
        if (!edges.has(target)) continue
        if (!index.has(target)) work.push([target, 0])
        else if (onStack.has(target)) low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0))
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent !== undefined) low.set(parent[0], Math.min(low.get(parent[0]) ?? 0, low.get(node) ?? 0))
      if (low.get(node) === index.get(node)) {
        const members: Array<string> = []
        let member: string | undefined
        do {
          member = stack.pop()
          if (member === undefined) break
          onStack.delete(member)
          members.push(member)
        } while (member !== node)
        if (members.length > 1 || targets.includes(node)) cyclic.push(members.reverse())
      }
    }
  }
  return cyclic
}

/** Names of the components that take part in a reference cycle (directly or through other components). */
export const findRecursive = (schemas: ReadonlyArray<Pick<IrNamedSchema, "name" | "schema">>): Set<string> =>
  new Set(cycles(new Map(schemas.map((s) => [s.name, [...referencedComponents(s.schema)]]))).flat())
