/**
 * Who is watching: the browser tabs connected to the console (each with its Page Visibility
 * state) and the conversations they have open. The upstream schedule follows it: the list and
 * queues are polled less often when no tab is visible and not at all when none is connected, and
 * messages are fetched only for conversations some tab has open.
 *
 * @since 0.0.0
 */
import type { Attendance } from "./Budget.ts"

interface Tab {
  connections: number
  visible: boolean
}

/**
 * The registry. Synchronous and clock-free; `onChange` is called after every change that may
 * alter {@link Presence.attendance} or {@link Presence.openConversations}.
 *
 * @since 0.0.0
 */
export class Presence {
  private readonly tabs = new Map<string, Tab>()
  private readonly open = new Map<string, number>()

  private readonly onChange: () => void

  constructor(onChange: () => void = () => {}) {
    this.onChange = onChange
  }

  /** A tab's event stream connected; the returned function disconnects it (call it once). */
  connect(tab: string, visible: boolean): () => void {
    const entry = this.tabs.get(tab) ?? { connections: 0, visible }
    entry.connections += 1
    entry.visible = visible
    this.tabs.set(tab, entry)
    this.onChange()
    let done = false
    return () => {
      if (done) return
      done = true
      entry.connections -= 1
      if (entry.connections === 0) this.tabs.delete(tab)
      this.onChange()
    }
  }

  /** The tab reported its visibility; false when the tab is not connected. */
  setVisible(tab: string, visible: boolean): boolean {
    const entry = this.tabs.get(tab)
    if (entry === undefined) return false
    entry.visible = visible
    this.onChange()
    return true
  }

  /** A tab opened a conversation's live messages; the returned function closes them (once). */
  openConversation(uuid: string): () => void {
    this.open.set(uuid, (this.open.get(uuid) ?? 0) + 1)
    this.onChange()
    let done = false
    return () => {
      if (done) return
      done = true
      const left = (this.open.get(uuid) ?? 1) - 1
      if (left === 0) this.open.delete(uuid)
      else this.open.set(uuid, left)
      this.onChange()
    }
  }

  /** At least one visible tab, only hidden ones, or none connected. */
  attendance(): Attendance {
    if (this.tabs.size === 0) return "none"
    for (const tab of this.tabs.values()) if (tab.visible) return "visible"
    return "hidden"
  }

  /** The conversations open in some tab. */
  openConversations(): ReadonlySet<string> {
    return new Set(this.open.keys())
  }

  /** Connected tabs, and how many of them are visible. */
  tabCount(): { readonly connected: number; readonly visible: number } {
    let visible = 0
    for (const tab of this.tabs.values()) if (tab.visible) visible += 1
    return { connected: this.tabs.size, visible }
  }
}
