/**
 * Attach a file: the server asks UltraCart for a presigned URL and PUTs the bytes there. The
 * result line belongs to the conversation it was uploaded to and says what happened: the stored
 * file's key (what a message references) and a link to the file.
 */
import { maxAttachmentBytes, type UploadWire } from "../wire.ts"
import { api } from "./api.ts"
import { byId, el, externalLink, formatBytes, safeHttpUrl } from "./dom.ts"
import { withBusy } from "./feedback.ts"
import { state } from "./state.ts"

const emptyLabel = "Choose a file to attach…"

/** Outcome lines by conversation, so switching away and back keeps each one's own. */
const results = new Map<
  string,
  { readonly state: string; readonly nodes: () => ReadonlyArray<Node | string> }
>()

const show = (uuid: string | undefined): void => {
  const line = byId("upload-result")
  const result = uuid === undefined ? undefined : results.get(uuid)
  line.dataset.state = result?.state ?? ""
  line.replaceChildren(...(result?.nodes() ?? []))
}

const record = (uuid: string, outcome: string, nodes: () => ReadonlyArray<Node | string>): void => {
  results.set(uuid, { state: outcome, nodes })
  if (state.selected === uuid) show(uuid)
}

const reset = (): void => {
  byId<HTMLFormElement>("upload-form").reset()
  byId("upload-file-label").textContent = emptyLabel
  byId<HTMLButtonElement>("upload-submit").disabled = true
}

/** The file's problem before anything is sent, if it has one. */
export const checkFile = (file: { readonly size: number }): string | undefined =>
  file.size === 0
    ? "The file is empty."
    : file.size > maxAttachmentBytes
      ? `The file is ${formatBytes(file.size)}; attachments are limited to ${formatBytes(maxAttachmentBytes)}.`
      : undefined

const upload = async (event: SubmitEvent): Promise<void> => {
  event.preventDefault()
  const file = byId<HTMLInputElement>("upload-file").files?.[0]
  const uuid = state.selected
  if (!file || !uuid) return
  const problem = checkFile(file)
  if (problem !== undefined) {
    record(uuid, "error", () => [`${file.name} was not sent: ${problem}`])
    return
  }
  record(uuid, "busy", () => [`Uploading ${file.name}…`])
  const body = await withBusy(byId("upload-submit"), "Upload", () =>
    api<UploadWire>(
      `/api/conversations/${encodeURIComponent(uuid)}/attachments?${new URLSearchParams({ filename: file.name })}`,
      {
        method: "POST",
        raw: { body: file, contentType: file.type || "application/octet-stream" }
      }
    )
  )
  reset()
  if (body === undefined) {
    record(uuid, "error", () => [`Upload of ${file.name} failed.`])
    return
  }
  const href = body.url ? safeHttpUrl(body.url) : undefined
  record(uuid, "ok", () => [
    `Uploaded ${file.name} (${formatBytes(body.bytes)}) to UltraCart's storage · key `,
    el("code", { text: body.key ?? "(none)" }),
    ...(href ? [" · ", externalLink(href, "Open the stored file")] : []),
    ". Reference the key from UltraCart's agent chat to send it; this console cannot send messages."
  ])
}

export const wireUpload = (onChange: (listener: (uuid: string | undefined) => void) => void): void => {
  const input = byId<HTMLInputElement>("upload-file")
  input.addEventListener("change", () => {
    const file = input.files?.[0]
    byId("upload-file-label").textContent = file ? `${file.name} · ${formatBytes(file.size)}` : emptyLabel
    byId<HTMLButtonElement>("upload-submit").disabled = !file
  })
  byId<HTMLFormElement>("upload-form").addEventListener("submit", (event) => void upload(event))
  onChange((uuid) => {
    reset()
    show(uuid)
  })
}
