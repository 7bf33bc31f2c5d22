// The demo page: loads the engine and the cards once, then every panel works offline.
// <html data-ready="true"> marks the moment after which the page makes no request.
import { loadCatalog } from "./engine.js";
import { initLang, t } from "./i18n.js";
import { initCompare } from "./compare.js";
import { initCurves } from "./curves.js";
import { initProfile } from "./profile.js";
import { initCardCheck } from "./card-check.js";

const TABS = ["compare", "curves", "profile", "card", "widget"];
const app = { catalog: null, compare: null, panels: {} };
const $ = (id) => document.getElementById(id);

function selectTab(name, { focus = false, push = true } = {}) {
  if (!TABS.includes(name)) name = "compare";
  for (const n of TABS) {
    const tab = $(`tab-${n}`);
    const on = n === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${n}`).hidden = !on;
    if (on && focus) tab.focus();
    if (on) tab.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }
  if (push && location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
  if (app.catalog) app.panels[name]?.show?.();
}

function initTabs() {
  const list = $("tablist");
  list.addEventListener("click", (e) => {
    const tab = e.target.closest("[role=tab]");
    if (tab) selectTab(tab.dataset.tab);
  });
  list.addEventListener("keydown", (e) => {
    const i = TABS.indexOf(document.activeElement?.dataset?.tab);
    if (i < 0) return;
    let next = null;
    if (e.key === "ArrowRight") next = TABS[(i + 1) % TABS.length];
    else if (e.key === "ArrowLeft") next = TABS[(i + TABS.length - 1) % TABS.length];
    else if (e.key === "Home") next = TABS[0];
    else if (e.key === "End") next = TABS[TABS.length - 1];
    if (next) {
      e.preventDefault();
      selectTab(next, { focus: true });
    }
  });
  window.addEventListener("hashchange", () => selectTab(location.hash.slice(1), { push: false }));
  document.querySelector(".brand").addEventListener("click", (e) => {
    e.preventDefault();
    selectTab("compare");
  });
  selectTab(location.hash.slice(1) || "compare", { push: false });
}

function setStatus(state, text) {
  const s = $("status");
  s.dataset.state = state;
  s.removeAttribute("data-i18n");
  s.textContent = text;
  s.setAttribute("role", state === "error" ? "alert" : "status");
}

async function main() {
  initLang($("lang-toggle"));
  initTabs();
  try {
    app.catalog = await loadCatalog();
    app.compare = initCompare(app);
    app.panels.curves = initCurves(app);
    const profile = initProfile(app);
    app.panels.profile = profile;
    initCardCheck(app);
    app.compare.compute();
    await profile.ready;
    const priced = app.catalog.cards.filter((c) => !c.meta.zonesOnly).length;
    const status = () => t("status.ready", { cards: app.catalog.cards.length, services: app.catalog.services.size, priced });
    setStatus("ready", status());
    document.addEventListener("langchange", () => setStatus("ready", status()));
    selectTab(location.hash.slice(1) || "compare", { push: false });
    document.documentElement.dataset.ready = "true";
  } catch (e) {
    console.warn(e);
    setStatus("error", t("status.failed", { msg: e.message }));
    document.documentElement.dataset.ready = "error";
  }
}

main();
