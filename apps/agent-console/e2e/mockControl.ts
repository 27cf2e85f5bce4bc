/**
 * The browser suite's hands on the embedded mock: its control routes (/__mock/, no credential),
 * to arm faults and to make conversations and messages arrive as a customer would.
 */
import assert from "node:assert/strict"
import type { StartedConsole } from "./harness.ts"

/** One control request; its JSON answer (undefined when empty). Fails the test on an error status. */
export const mock = async (
  app: StartedConsole,
  path: string,
  body?: unknown,
  method = "POST"
): Promise<unknown> => {
  const response = await fetch(`${app.mockUrl}/__mock/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  assert.ok(response.ok, `mock control ${path} answered ${response.status}: ${text}`)
  return text === "" ? undefined : JSON.parse(text)
}

export const clearFaults = (app: StartedConsole): Promise<unknown> => mock(app, "faults", undefined, "DELETE")

export interface CustomerConversation {
  readonly uuid: string
  /** The customer's name: the one participant, and the last to write. */
  readonly customer: string
  /** Their last message, as the list previews it. */
  readonly message: string
  /** Its start and last activity; later than every seeded conversation, it lists first. */
  readonly at: Date
  readonly unread?: boolean
}

/** A new webchat conversation with one customer in the mock; the console's next list poll finds it. */
export const addCustomerConversation = (
  app: StartedConsole,
  conversation: CustomerConversation
): Promise<unknown> =>
  mock(app, "conversations", {
    conversation_uuid: conversation.uuid,
    medium: "websocket",
    start_dts: conversation.at.toISOString(),
    last_message_dts: conversation.at.toISOString(),
    unread_messages: conversation.unread ?? false,
    last_conversation_message_body: conversation.message,
    last_conversation_participant_name: conversation.customer,
    participants: [
      {
        conversation_participant_arn: `arn:e2e:user/customer-${conversation.uuid}`,
        conversation_participant_name: conversation.customer,
        status: "joined"
      }
    ]
  })

/**
 * A customer joins the head of a webchat queue in the mock (POST /__mock/queues/{name}/entries);
 * their participant ARN, which keys their row in the console's waiting list.
 */
export const joinQueue = async (
  app: StartedConsole,
  queueName: string,
  entry: { readonly conversation_participant_name: string; readonly question?: string }
): Promise<string> => {
  const answer = (await mock(app, `queues/${encodeURIComponent(queueName)}/entries`, {
    ...entry,
    first: true
  })) as { readonly queue_entry: { readonly conversation_participant_arn: string } }
  return answer.queue_entry.conversation_participant_arn
}

/** The customer leaves the queue in the mock (DELETE /__mock/queues/{name}/entries/{arn}). */
export const leaveQueue = (app: StartedConsole, queueName: string, arn: string): Promise<unknown> =>
  mock(app, `queues/${encodeURIComponent(queueName)}/entries/${encodeURIComponent(arn)}`, undefined, "DELETE")
