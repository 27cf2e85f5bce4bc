/**
 * Client policy for an interactive console, the same on every runtime.
 *
 * @since 0.0.0
 */

/**
 * One quick retry, and a Retry-After longer than 2 s is not waited out: the agent is told
 * "Rate limited, retry in Ns" at once instead of staring at a spinner.
 *
 * @since 0.0.0
 */
export const clientOptions = {
  retry: { maxRetries: 1, maxRetryAfter: "2 seconds" },
  timeout: "15 seconds",
  userAgent: "uc-conversation-agent-console/0.0.0"
} as const
