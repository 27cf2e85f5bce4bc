/** Typed Server-Sent Events: each event name's data is the wire type the server sends. */

export const onEvent = <Events, K extends keyof Events & string>(
  source: EventSource,
  name: K,
  handler: (data: Events[K]) => void
): void => {
  source.addEventListener(name, (event) => {
    handler(JSON.parse((event as MessageEvent<string>).data) as Events[K])
  })
}
