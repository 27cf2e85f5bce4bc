import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { type Change, diffDocuments, formatReport } from "./diff.ts"
import type { Json, JsonObject } from "./json.ts"
import { parseDocumentText } from "./load.ts"
import { parsePointer } from "./pointer.ts"

const BASE = `
openapi: 3.1.0
info: {title: t, version: "1"}
servers: [{url: "https://secure.ultracart.com/rest/v2"}]
paths:
  /conversation/conversations:
    get:
      operationId: getConversations
      x-uc-retry-safe: true
      tags: [conversation]
      summary: List conversations
      description: Newest first.
      parameters:
        - {name: medium, in: query, schema: {type: string}}
        - {name: _limit, in: query, description: Max 200, schema: {type: integer, format: int32, maximum: 200}}
      security: [{ultraCartOauth: [conversation_read]}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/ConversationsResponse"}}}}
        "400":
          description: bad request
          headers: {UC-REST-ERROR: {schema: {type: string}}}
          content: {application/json: {schema: {$ref: "#/components/schemas/ErrorResponse"}}}
  /conversation/conversations/{conversation_uuid}/join:
    put:
      operationId: joinConversation
      tags: [conversation]
      parameters: [{name: conversation_uuid, in: path, required: true, schema: {type: string}}]
      requestBody: {required: false, content: {application/json: {schema: {$ref: "#/components/schemas/JoinRequest"}}}}
      responses: {"204": {description: no content}}
components:
  schemas:
    ConversationsResponse:
      type: object
      properties:
        conversations: {type: array, items: {$ref: "#/components/schemas/Conversation"}}
        success: {type: boolean}
    Conversation:
      type: object
      description: A conversation
      properties:
        conversation_uuid: {type: string}
        medium: {type: string, enum: [sms, websocket]}
        message_count: {type: integer, format: int32}
        message_epoch: {type: integer, format: int64}
        sentiment_score: {type: number}
        closed_dts: {type: [string, "null"], format: dateTime}
      required: [conversation_uuid]
    JoinRequest:
      type: object
      properties:
        participant_language_iso_code: {type: string, maxLength: 2}
        nickname: {type: string}
      required: [participant_language_iso_code]
    ErrorResponse: {type: object, properties: {success: {type: boolean}}}
    Unused: {type: object}
  securitySchemes:
    ultraCartOauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://secure.ultracart.com/rest/v2/oauth/authorize
          tokenUrl: https://secure.ultracart.com/rest/v2/oauth/token
          scopes: {conversation_read: read}
`

const base = (): JsonObject => parseDocumentText("base.yaml", BASE)

const LIST = "/paths/~1conversation~1conversations/get"
const JOIN = "/paths/~1conversation~1conversations~1{conversation_uuid}~1join/put"
const SCHEMAS = "/components/schemas"

/** A copy of `doc` with the value at `pointer` replaced (undefined: removed). */
const edit = (doc: JsonObject, pointer: string, value: Json | undefined): JsonObject => {
  const copy = structuredClone(doc) as Record<string, unknown>
  const tokens = parsePointer(pointer)
  let node = copy as Record<string, unknown>
  for (const token of tokens.slice(0, -1)) node = node[token] as Record<string, unknown>
  const last = tokens.at(-1) ?? ""
  if (Array.isArray(node)) {
    if (value === undefined) node.splice(Number(last), 1)
    else node[Number(last)] = value
  } else if (value === undefined) delete node[last]
  else node[last] = value
  return copy as JsonObject
}

type Edit = readonly [pointer: string, value: Json | undefined]

interface Rule {
  readonly name: string
  readonly edits: ReadonlyArray<Edit>
  readonly expected: Partial<Change>
  /** Rules of the other changes the edit necessarily causes (a rename also adds an operation). */
  readonly also?: ReadonlyArray<string>
  /** Diff the edited document against the base instead (tests the reverse of an edit). */
  readonly swap?: boolean
}

const rules: ReadonlyArray<Rule> = [
  // breaking
  {
    name: "removed operation",
    edits: [[LIST, undefined]],
    expected: {
      kind: "breaking",
      rule: "operation-removed",
      operationId: "getConversations",
      side: "old",
      pointer: LIST
    }
  },
  {
    name: "renamed operation (removed under its old id)",
    edits: [[`${JOIN}/operationId`, "joinConversationV2"]],
    expected: { kind: "breaking", rule: "operation-removed", operationId: "joinConversation" },
    also: ["operation-added"]
  },
  {
    name: "moved operation",
    edits: [
      [JOIN, undefined],
      [
        "/paths/~1conversation~1join~1{conversation_uuid}",
        {
          put: {
            operationId: "joinConversation",
            tags: ["conversation"],
            parameters: [
              { name: "conversation_uuid", in: "path", required: true, schema: { type: "string" } }
            ],
            requestBody: {
              required: false,
              content: { "application/json": { schema: { $ref: "#/components/schemas/JoinRequest" } } }
            },
            responses: { "204": { description: "no content" } }
          }
        }
      ]
    ],
    expected: { kind: "breaking", rule: "operation-moved", operationId: "joinConversation" }
  },
  {
    name: "removed parameter",
    edits: [[`${LIST}/parameters/0`, undefined]],
    expected: {
      kind: "breaking",
      rule: "parameter-removed",
      parameter: { name: "medium", in: "query" },
      pointer: `${LIST}/parameters/0`,
      side: "old"
    }
  },
  {
    name: "new required parameter",
    edits: [
      [`${LIST}/parameters/2`, { name: "before", in: "query", required: true, schema: { type: "string" } }]
    ],
    expected: {
      kind: "breaking",
      rule: "parameter-added-required",
      parameter: { name: "before", in: "query" }
    }
  },
  {
    name: "parameter became required",
    edits: [[`${LIST}/parameters/0/required`, true]],
    expected: {
      kind: "breaking",
      rule: "parameter-became-required",
      pointer: `${LIST}/parameters/0/required`
    }
  },
  {
    name: "removed field",
    edits: [[`${SCHEMAS}/Conversation/properties/medium`, undefined]],
    expected: {
      kind: "breaking",
      rule: "field-removed",
      schema: "Conversation",
      field: "medium",
      side: "old"
    }
  },
  {
    name: "new required field in a request schema",
    edits: [
      [`${SCHEMAS}/JoinRequest/properties/agent`, { type: "string" }],
      [`${SCHEMAS}/JoinRequest/required`, ["participant_language_iso_code", "agent"]]
    ],
    expected: { kind: "breaking", rule: "field-added-required", schema: "JoinRequest", field: "agent" }
  },
  {
    name: "field became required",
    edits: [[`${SCHEMAS}/JoinRequest/required`, ["participant_language_iso_code", "nickname"]]],
    expected: { kind: "breaking", rule: "field-became-required", field: "nickname" }
  },
  {
    name: "changed type (boolean to string)",
    edits: [[`${SCHEMAS}/ConversationsResponse/properties/success/type`, "string"]],
    expected: { kind: "breaking", rule: "type-changed", field: "success" }
  },
  {
    name: "narrowed type (number to integer)",
    edits: [[`${SCHEMAS}/Conversation/properties/sentiment_score/type`, "integer"]],
    expected: {
      kind: "breaking",
      rule: "type-narrowed",
      field: "sentiment_score",
      pointer: `${SCHEMAS}/Conversation/properties/sentiment_score/type`
    }
  },
  {
    name: "narrowed type (null dropped)",
    edits: [[`${SCHEMAS}/Conversation/properties/closed_dts/type`, "string"]],
    expected: { kind: "breaking", rule: "type-narrowed", field: "closed_dts" }
  },
  {
    name: "changed parameter type",
    edits: [[`${LIST}/parameters/0/schema/type`, "integer"]],
    expected: { kind: "breaking", rule: "type-changed", parameter: { name: "medium", in: "query" } }
  },
  {
    name: "narrowed format (int64 to int32)",
    edits: [[`${SCHEMAS}/Conversation/properties/message_epoch/format`, "int32"]],
    expected: {
      kind: "breaking",
      rule: "type-narrowed",
      field: "message_epoch",
      pointer: `${SCHEMAS}/Conversation/properties/message_epoch/format`
    }
  },
  {
    name: "tightened constraint (maxLength)",
    edits: [[`${SCHEMAS}/JoinRequest/properties/participant_language_iso_code/maxLength`, 1]],
    expected: { kind: "breaking", rule: "type-narrowed", field: "participant_language_iso_code" }
  },
  {
    name: "tightened parameter maximum",
    edits: [[`${LIST}/parameters/1/schema/maximum`, 100]],
    expected: { kind: "breaking", rule: "type-narrowed", parameter: { name: "_limit", in: "query" } }
  },
  {
    name: "enum introduced",
    edits: [[`${SCHEMAS}/JoinRequest/properties/nickname/enum`, ["a"]]],
    expected: { kind: "breaking", rule: "type-narrowed", field: "nickname" }
  },
  {
    name: "removed enum value",
    edits: [[`${SCHEMAS}/Conversation/properties/medium/enum`, ["sms"]]],
    expected: {
      kind: "breaking",
      rule: "enum-value-removed",
      schema: "Conversation",
      field: "medium",
      side: "old"
    }
  },
  {
    name: "widened type in a response schema",
    edits: [[`${SCHEMAS}/Conversation/properties/message_count/format`, "int64"]],
    expected: { kind: "breaking", rule: "type-widened", field: "message_count" }
  },
  {
    name: "widened type in a request parameter",
    edits: [[`${LIST}/parameters/1/schema/format`, "int64"]],
    expected: { kind: "additive", rule: "type-widened", parameter: { name: "_limit", in: "query" } }
  },
  {
    name: "field became optional in a response schema",
    edits: [[`${SCHEMAS}/Conversation/required`, []]],
    expected: {
      kind: "breaking",
      rule: "field-became-optional",
      schema: "Conversation",
      field: "conversation_uuid"
    }
  },
  {
    name: "changed $ref target",
    edits: [
      [`${LIST}/responses/200/content/application~1json/schema/$ref`, "#/components/schemas/ErrorResponse"]
    ],
    expected: { kind: "breaking", rule: "ref-changed", status: "200" }
  },
  {
    name: "removed response",
    edits: [[`${LIST}/responses/400`, undefined]],
    expected: { kind: "breaking", rule: "response-removed", status: "400", side: "old" }
  },
  {
    name: "removed response header",
    edits: [[`${LIST}/responses/400/headers`, {}]],
    expected: { kind: "breaking", rule: "response-header-removed", status: "400" }
  },
  {
    name: "removed request body",
    edits: [[`${JOIN}/requestBody`, undefined]],
    expected: { kind: "breaking", rule: "request-body-removed", operationId: "joinConversation" }
  },
  {
    name: "new required request body",
    edits: [
      [
        `${LIST}/requestBody`,
        { required: true, content: { "application/json": { schema: { type: "object" } } } }
      ]
    ],
    expected: { kind: "breaking", rule: "request-body-added-required", operationId: "getConversations" }
  },
  {
    name: "removed security scheme",
    edits: [["/components/securitySchemes/ultraCartOauth", undefined]],
    expected: {
      kind: "breaking",
      rule: "security-scheme-removed",
      pointer: "/components/securitySchemes/ultraCartOauth",
      side: "old"
    }
  },
  {
    name: "request body became required",
    edits: [[`${JOIN}/requestBody/required`, true]],
    expected: { kind: "breaking", rule: "request-body-became-required" }
  },
  {
    name: "removed media type",
    edits: [[`${JOIN}/requestBody/content`, { "text/plain": { schema: { type: "string" } } }]],
    expected: { kind: "breaking", rule: "media-type-removed" },
    also: ["media-type-added"]
  },
  {
    name: "removed schema",
    edits: [[`${SCHEMAS}/Unused`, undefined]],
    expected: { kind: "breaking", rule: "schema-removed", schema: "Unused", side: "old" }
  },
  {
    name: "changed operation security",
    edits: [[`${LIST}/security`, [{ ultraCartOauth: ["conversation_write"] }]]],
    expected: { kind: "breaking", rule: "security-changed" }
  },
  {
    name: "removed OAuth scope",
    edits: [["/components/securitySchemes/ultraCartOauth/flows/authorizationCode/scopes", {}]],
    expected: { kind: "breaking", rule: "security-scope-removed" }
  },
  {
    name: "changed server",
    edits: [["/servers/0/url", "https://example.com"]],
    expected: { kind: "breaking", rule: "unclassified", pointer: "/servers/0/url" }
  },
  // additive
  {
    name: "new operation",
    edits: [
      [
        "/paths/~1conversation~1agent~1keepalive",
        {
          get: {
            operationId: "getAgentKeepAlive",
            tags: ["conversation"],
            responses: { "204": { description: "none" } }
          }
        }
      ]
    ],
    expected: { kind: "additive", rule: "operation-added", operationId: "getAgentKeepAlive" }
  },
  {
    name: "new optional parameter",
    edits: [[`${LIST}/parameters/2`, { name: "before", in: "query", schema: { type: "string" } }]],
    expected: {
      kind: "additive",
      rule: "parameter-added-optional",
      parameter: { name: "before", in: "query" },
      pointer: `${LIST}/parameters/2`,
      side: "new"
    }
  },
  {
    name: "parameter became optional",
    edits: [[`${JOIN}/parameters/0/required`, false]],
    expected: { kind: "additive", rule: "parameter-became-optional" }
  },
  {
    name: "new optional field",
    edits: [[`${SCHEMAS}/Conversation/properties/sentiment`, { type: "string" }]],
    expected: {
      kind: "additive",
      rule: "field-added-optional",
      schema: "Conversation",
      field: "sentiment",
      pointer: `${SCHEMAS}/Conversation/properties/sentiment`
    }
  },
  {
    name: "field became optional in a request schema",
    edits: [[`${SCHEMAS}/JoinRequest/required`, []]],
    expected: { kind: "additive", rule: "field-became-optional", field: "participant_language_iso_code" }
  },
  {
    name: "new schema",
    edits: [[`${SCHEMAS}/Agent`, { type: "object" }]],
    expected: { kind: "additive", rule: "schema-added", schema: "Agent", side: "new" }
  },
  {
    name: "new enum value",
    edits: [[`${SCHEMAS}/Conversation/properties/medium/enum`, ["sms", "websocket", "voice"]]],
    expected: { kind: "additive", rule: "enum-value-added", field: "medium" }
  },
  {
    name: "enum lifted",
    edits: [[`${SCHEMAS}/Conversation/properties/medium/enum`, undefined]],
    expected: { kind: "additive", rule: "enum-removed" }
  },
  {
    name: "widened type in a request",
    edits: [[`${SCHEMAS}/JoinRequest/properties/participant_language_iso_code/maxLength`, 5]],
    expected: { kind: "additive", rule: "type-widened" }
  },
  {
    name: "new response",
    edits: [[`${LIST}/responses/429`, { description: "rate limited" }]],
    expected: { kind: "additive", rule: "response-added", status: "429" }
  },
  {
    name: "new response header",
    edits: [[`${LIST}/responses/200/headers`, { "Retry-After": { schema: { type: "integer" } } }]],
    expected: { kind: "additive", rule: "response-header-added", status: "200" }
  },
  {
    name: "request body became optional",
    edits: [[`${JOIN}/requestBody/required`, true]],
    expected: { kind: "additive", rule: "request-body-became-optional" },
    swap: true
  },
  {
    name: "new security scheme",
    edits: [
      [
        "/components/securitySchemes/ultraCartSimpleApiKey",
        { type: "apiKey", in: "header", name: "x-ultracart-simple-key" }
      ]
    ],
    expected: { kind: "additive", rule: "security-scheme-added", side: "new" }
  },
  {
    name: "new optional request body",
    edits: [[`${LIST}/requestBody`, { content: { "application/json": { schema: { type: "object" } } } }]],
    expected: { kind: "additive", rule: "request-body-added-optional" }
  },
  {
    name: "new media type",
    edits: [[`${JOIN}/requestBody/content/text~1plain`, { schema: { type: "string" } }]],
    expected: { kind: "additive", rule: "media-type-added" }
  },
  {
    name: "new OAuth scope",
    edits: [
      [
        "/components/securitySchemes/ultraCartOauth/flows/authorizationCode/scopes/conversation_write",
        "write"
      ]
    ],
    expected: { kind: "additive", rule: "security-scope-added" }
  },
  {
    name: "changed x-uc extension",
    edits: [[`${LIST}/x-uc-retry-safe`, false]],
    expected: { kind: "additive", rule: "extension-changed", operationId: "getConversations" }
  },
  // docs-only
  {
    name: "operation description",
    edits: [[`${LIST}/description`, "Oldest first."]],
    expected: { kind: "docs", rule: "docs-changed", pointer: `${LIST}/description` }
  },
  {
    name: "operation summary",
    edits: [[`${LIST}/summary`, "List them"]],
    expected: { kind: "docs", rule: "docs-changed", pointer: `${LIST}/summary` }
  },
  {
    name: "parameter description",
    edits: [[`${LIST}/parameters/1/description`, "At most 200"]],
    expected: { kind: "docs", rule: "docs-changed", parameter: { name: "_limit", in: "query" } }
  },
  {
    name: "schema description",
    edits: [[`${SCHEMAS}/Conversation/description`, "One conversation"]],
    expected: { kind: "docs", rule: "docs-changed", schema: "Conversation" }
  },
  {
    name: "info",
    edits: [["/info/version", "2"]],
    expected: { kind: "docs", rule: "docs-changed", pointer: "/info" }
  },
  {
    name: "tags",
    edits: [[`${LIST}/tags`, ["conversation", "agents"]]],
    expected: { kind: "docs", rule: "docs-changed" }
  }
]

describe("diffDocuments classifies each rule", () => {
  it.each(rules)("$name", ({ edits, expected, also = [], swap = false }) => {
    const edited = edits.reduce((doc, [pointer, value]) => edit(doc, pointer, value), base())
    const { changes, bump } = swap ? diffDocuments(edited, base()) : diffDocuments(base(), edited)
    // each edit produces exactly the classified change (and what it necessarily implies), nothing else
    expect(changes.filter((c) => c.rule === expected.rule)).toEqual([expect.objectContaining(expected)])
    expect(changes.map((c) => c.rule).sort()).toEqual([expected.rule, ...also].sort())
    const bumps = { breaking: "major", additive: "minor", docs: "patch" } as const
    expect(bump).toBe(bumps[expected.kind ?? "docs"])
  })
})

describe("diffDocuments", () => {
  it("finds nothing between a document and itself", () => {
    const spec = parseDocumentText(
      "spec",
      readFileSync(fileURLToPath(new URL("../conversation.openapi.yaml", import.meta.url)), "utf8")
    )
    expect(diffDocuments(spec, structuredClone(spec))).toEqual({
      bump: "none",
      counts: { breaking: 0, additive: 0, docs: 0 },
      changes: []
    })
  })

  it("takes the largest bump and counts each kind", () => {
    const next = [
      [`${LIST}/summary`, "x"],
      [`${SCHEMAS}/Conversation/properties/sentiment`, { type: "string" }]
    ].reduce((doc, [p, v]) => edit(doc, p as string, v as Json), base())
    const report = diffDocuments(base(), next)
    expect(report.bump).toBe("minor")
    expect(report.counts).toEqual({ breaking: 0, additive: 1, docs: 1 })
  })

  it("formats a human summary grouped by kind", () => {
    const report = diffDocuments(
      base(),
      edit(edit(base(), `${LIST}/parameters/0`, undefined), `${LIST}/summary`, "x")
    )
    const text = formatReport(report, "old.yaml", "new.yaml")
    expect(text.split("\n")[0]).toBe("old.yaml → new.yaml: major bump (1 breaking, 0 additive, 1 docs-only)")
    expect(text).toContain(
      'Breaking:\n  - getConversations, parameter query "medium": removed  [parameter-removed old#'
    )
    expect(text).toContain("Docs-only:\n")
  })
})
