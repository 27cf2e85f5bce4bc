/** The header's budget meter: requests in the last hour, by feature, against the limit. */
import type { BudgetView } from "../wire.ts"
import { byId, el, setText } from "./dom.ts"

const FEATURE_LABEL = {
  list: "List poll",
  messages: "Messages",
  queues: "Queues",
  keepAlive: "Keep-alive",
  actions: "Agent actions"
} as const satisfies Record<keyof BudgetView["byFeature"], string>

type Feature = keyof typeof FEATURE_LABEL
const features = Object.keys(FEATURE_LABEL) as ReadonlyArray<Feature>

const segments = new Map<Feature, HTMLElement>()

/** Draws the meter; its segments are made once and only resized after that. */
export const renderBudget = (view: BudgetView): void => {
  const bar = byId("budget-bar")
  const limit = view.limit || 1
  if (segments.size === 0) {
    for (const feature of features) {
      const segment = el("span", { className: "segment", attrs: { "data-feature": feature } })
      segments.set(feature, segment)
    }
    bar.prepend(...segments.values())
  }
  for (const feature of features) {
    const segment = segments.get(feature)
    if (segment) segment.style.width = `${(100 * (view.byFeature[feature] ?? 0)) / limit}%`
  }
  byId("budget-target").style.left = `${(100 * view.target) / limit}%`
  const box = byId("budget")
  box.dataset.level = view.used > view.limit * 0.95 ? "over" : view.used > view.target ? "warn" : "ok"
  box.dataset.used = String(view.used)
  const hour = view.timeScale === 1 ? "hour" : `simulated hour (×${view.timeScale})`
  setText(byId("budget-text"), `${view.used} / ${view.limit} per hour`)
  const spent = features
    .map(
      (feature) =>
        `${FEATURE_LABEL[feature]}: ${view.byFeature[feature] ?? 0} (plan ${view.planned[feature] ?? 0})`
    )
    .join("\n")
  const every = view.intervalsSeconds.list
    ? `list every ${view.intervalsSeconds.list.toFixed(1)} s`
    : "polling stopped"
  box.title = `UltraCart requests in the last ${hour}: ${view.used} of ${view.limit} (target ${view.target})\n${spent}\n${
    view.attendance === "visible" ? "A tab is visible" : "No tab visible: polling slowed"
  }, ${every}`
}
