// Tradebook dashboard: a plain ES module, no build step, no framework.
//
// Everything on screen comes from the server's API (docs/api.md) and is redrawn when the event
// stream says something changed. Text from the API only ever reaches the page through textContent
// or attribute values (see h()), never through innerHTML.

const API = "/api/v1";
const MODES = ["live", "paper", "backtest", "test"];
const EVENT_KINDS = ["bot", "heartbeat", "fill", "order", "decision", "signal", "snapshot", "cash_flow", "price_bar", "fx_rate", "setting", "import", "rollback"];
const DASH = "—";

// ---------------------------------------------------------------------------------------------
// DOM

/** Creates an element. attrs: class, text, data-*, aria-*, on* handlers, any attribute; children: nodes, strings, arrays. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value == null || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = String(value);
      else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
      else if (key === "value") el.value = value;
      else if (key === "checked" || key === "disabled" || key === "open" || key === "selected") el[key] = Boolean(value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function svg(tag, attrs) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, String(value));
  return el;
}

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

// ---------------------------------------------------------------------------------------------
// Formatting: amounts with their currency and a precision that suits their size; null is a dash.

const LOCALE = (navigator.languages && navigator.languages[0]) || navigator.language || "en-US";
const formats = new Map();

function fmt(options) {
  const key = JSON.stringify(options);
  let f = formats.get(key);
  if (!f) {
    try { f = new Intl.NumberFormat(LOCALE, options); } catch { f = new Intl.NumberFormat("en-US", options); }
    formats.set(key, f);
  }
  return f;
}

/** A number from the API, or null: numbers arrive as JSON numbers, and are accepted as numeric strings too. */
/** A figure exactly as the API sent it, kept on its element so that tests can compare the two. */
function raw(value) {
  return value == null ? "" : String(value);
}

function num(value) {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function fractionDigits(n) {
  const a = Math.abs(n);
  if (a === 0 || a >= 1) return [2, 2];
  if (a >= 0.01) return [2, 4];
  return [2, 8];
}

/** "10,234.50 USDT"; signed adds a + to gains. */
function money(value, currency, signed = false) {
  const n = num(value);
  if (n === null) return DASH;
  const [min, max] = fractionDigits(n);
  const text = fmt({ minimumFractionDigits: min, maximumFractionDigits: max, signDisplay: signed ? "exceptZero" : "auto" }).format(n);
  return currency ? `${text} ${currency}` : text;
}

function price(value) {
  const n = num(value);
  if (n === null) return DASH;
  const a = Math.abs(n);
  const max = a >= 1000 ? 2 : a >= 1 ? 4 : 8;
  return fmt({ minimumFractionDigits: Math.min(2, max), maximumFractionDigits: max }).format(n);
}

function quantity(value) {
  const n = num(value);
  return n === null ? DASH : fmt({ maximumFractionDigits: 8 }).format(n);
}

function integer(value) {
  const n = num(value);
  return n === null ? DASH : fmt({ maximumFractionDigits: 0 }).format(n);
}

/** A fraction as a percentage: 0.0512 is "5.12%". */
function percent(value, signed = false) {
  const n = num(value);
  return n === null ? DASH : fmt({ style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: signed ? "exceptZero" : "auto" }).format(n);
}

function ratio(value) {
  const n = num(value);
  return n === null ? DASH : fmt({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
}

function compact(value) {
  const n = num(value);
  return n === null ? "" : fmt({ notation: "compact", maximumFractionDigits: 2 }).format(n);
}

function signClass(value) {
  const n = num(value);
  return n === null || n === 0 ? "" : n > 0 ? "pos" : "neg";
}

/** A span with a signed amount coloured by its sign. */
function pnl(value, currency) {
  return h("span", { class: `num ${signClass(value)}` }, money(value, currency, true));
}

/**
 * What a figure shows when the API says it cannot be known (`pnl_unknown`: fills without a price): the word
 * "unknown", never 0 and never a dash, with the reason on hover.
 */
function unknown(reason) {
  return h("span", { class: "muted unknown", "data-unknown": "true", title: reason?.message || "P&L cannot be known" }, "unknown");
}

/** A signed amount, or "unknown" when its row says it cannot be known. */
function pnlOr(reason, value, currency) {
  return reason ? unknown(reason) : pnl(value, currency);
}

function parseTime(value) {
  if (value == null || value === "") return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2026-01-13 13:00 UTC". */
function utc(value, seconds = false) {
  const d = parseTime(value);
  if (!d) return DASH;
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC`;
}

function ago(value) {
  const d = parseTime(value);
  if (!d) return DASH;
  const s = Math.round((Date.now() - d.getTime()) / 1000);
  const future = s < 0;
  const a = Math.abs(s);
  const text = a < 5 ? "just now" : a < 60 ? `${a} s` : a < 3600 ? `${Math.floor(a / 60)} min` : a < 86400 ? `${Math.floor(a / 3600)} h` : `${Math.floor(a / 86400)} d`;
  return a < 5 ? text : future ? `in ${text}` : `${text} ago`;
}

/** A relative time that keeps itself up to date (see the ticker at the end), with the exact time as its title. */
function agoEl(value) {
  return h("time", { "data-ago": value || "", datetime: value || null, title: utc(value, true) }, ago(value));
}

function timeEl(value) {
  return h("time", { datetime: value || null, class: "nowrap", title: value ? `${ago(value)}` : null }, utc(value));
}

function statusOf(bot) {
  const s = String(bot.status || "").toLowerCase();
  return ["running", "paused", "stale", "archived", "finished"].includes(s) ? s : s || "unknown";
}

function modeBadge(mode) {
  const m = String(mode || "").toLowerCase();
  return h("span", { class: `badge mode-${MODES.includes(m) ? m : "other"}`, title: `${m} bot: its figures are never added to other modes'` }, m || "?");
}

function statusEl(bot, testid) {
  const s = statusOf(bot);
  const label = s === "running" ? "Running" : s === "paused" ? "Paused" : s === "archived" ? "Archived" : s === "stale" ? "Stale" : s === "finished" ? "Finished" : s;
  const el = h("span", { class: `status ${s}`, "data-testid": testid || null, "data-status": s }, label);
  if (s === "finished" && !bot.last_seen_at) {
    el.title = "a backtest: it ran elsewhere, and is not expected to write again";
  } else if (s === "stale" || s === "paused" || s === "archived" || s === "finished") {
    el.append(" · last seen ", bot.last_seen_at ? agoEl(bot.last_seen_at) : "never");
  } else if (bot.last_seen_at) {
    el.title = `last seen ${utc(bot.last_seen_at, true)}`;
  }
  return el;
}

/** "grid v2.0.1 on binance"; a version that is not a number (a commit) is written as it is. */
function strategyText(bot) {
  const v = bot.strategy_version ? (/^\d/.test(String(bot.strategy_version)) ? `v${bot.strategy_version}` : String(bot.strategy_version)) : null;
  return [bot.strategy_name, v, bot.exchange ? `on ${bot.exchange}` : null].filter(Boolean).join(" ");
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Text with each match of query wrapped in <mark>, built from text nodes only. */
function highlighted(text, query) {
  const s = String(text ?? "");
  const q = (query || "").trim();
  if (!q) return document.createTextNode(s);
  const frag = document.createDocumentFragment();
  const re = new RegExp(escapeRegExp(q), "gi");
  let last = 0;
  for (const m of s.matchAll(re)) {
    if (m.index > last) frag.append(s.slice(last, m.index));
    frag.append(h("mark", null, m[0]));
    last = m.index + m[0].length;
    if (m[0].length === 0) break;
  }
  frag.append(s.slice(last));
  return frag;
}

/** JSON from the API shown readably: an object pretty-printed, a string that holds JSON parsed first. */
function pretty(value) {
  if (value == null) return "";
  if (typeof value === "string") {
    const t = value.trim();
    if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
      try { return JSON.stringify(JSON.parse(t), null, 2); } catch { return value; }
    }
    return value;
  }
  return JSON.stringify(value, null, 2);
}

function asObject(value) {
  if (value && typeof value === "object" && !Array.isArray(value)) return value;
  if (typeof value === "string") {
    try { const o = JSON.parse(value); return o && typeof o === "object" && !Array.isArray(o) ? o : null; } catch { return null; }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// API

class ApiError extends Error {
  constructor(status, code, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

async function api(path, params) {
  const url = new URL(API + path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v != null && v !== "") url.searchParams.set(k, String(v));
  }
  let res;
  try {
    res = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
  } catch {
    throw new ApiError(0, "network", "The server cannot be reached.");
  }
  if (!res.ok) {
    let problem = null;
    try { problem = await res.json(); } catch { /* not a problem document */ }
    throw new ApiError(res.status, problem?.code, problem?.detail || problem?.title || `${res.status} ${res.statusText}`);
  }
  return res.status === 204 ? null : res.json();
}

const enc = encodeURIComponent;

function errorBox(error) {
  const code = error?.code ? ` (${error.code})` : "";
  return h("div", { class: "error", role: "alert" }, `${error?.message || error}${code}`);
}

function items(doc) {
  return Array.isArray(doc?.items) ? doc.items : [];
}

// ---------------------------------------------------------------------------------------------
// Scheduling: many events, few requests.

/** Calls fn(keys) once things calm down: after `wait` ms without a new key, and at least every `maxWait` ms. */
function coalesce(fn, wait = 300, maxWait = 1200) {
  let keys = new Set();
  let timer = null;
  let first = 0;
  return (key) => {
    keys.add(key);
    const now = Date.now();
    if (!timer) first = now;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = keys;
      keys = new Set();
      timer = null;
      fn(batch);
    }, Math.max(0, Math.min(wait, first + maxWait - now)));
  };
}

/** Runs fn at most once at a time; a call made meanwhile runs once more when it ends. */
function serial(fn) {
  let running = null;
  let again = false;
  const run = async () => {
    if (running) { again = true; return running; }
    running = (async () => {
      try {
        do { again = false; await fn(); } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  return run;
}

// ---------------------------------------------------------------------------------------------
// Store: the bots' summaries, kept current by the event stream.

const store = {
  bots: new Map(),
  loaded: false,
  error: null,
  listeners: new Set(),
  subscribe(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); },
  emit(change) { for (const fn of [...this.listeners]) { try { fn(change); } catch (e) { console.warn(e); } } },
};

// Answers can arrive out of order: a list read before a fill may reach the page after that fill's
// own refresh of the bot. Each request is numbered when it is sent, and the store keeps a bot's
// answer only if no later-sent request's answer about it is already kept; otherwise the card would
// show the old figures until the bot next wrote, which for a stopped bot is never.
let requestsSent = 0;
const answeredBy = new Map();

function newerThanKept(name, request) { return (answeredBy.get(name) ?? 0) < request; }

function keepBot(bot, request) {
  if (!newerThanKept(bot.name, request)) return false;
  answeredBy.set(bot.name, request);
  store.bots.set(bot.name, bot);
  watchLiveness(bot);
  return true;
}

// A bot that falls silent sends nothing, so no event would tell this page: its card asks again once the server
// would call it stale (`running_until`). At least 5 s apart, so that a clock ahead of the server's cannot make a
// card ask every second.
const livenessTimers = new Map();
function watchLiveness(bot) {
  clearTimeout(livenessTimers.get(bot.name));
  livenessTimers.delete(bot.name);
  const until = parseTime(bot.running_until);
  if (!until) return;
  const wait = Math.min(Math.max(5000, until.getTime() - Date.now() + 1000), 2147483647);
  livenessTimers.set(bot.name, setTimeout(() => { livenessTimers.delete(bot.name); refreshBots(bot.name); }, wait));
}

function dropBot(name, request) {
  if (!newerThanKept(name, request) || !store.bots.has(name)) return false;
  answeredBy.set(name, request);
  store.bots.delete(name);
  clearTimeout(livenessTimers.get(name));
  livenessTimers.delete(name);
  return true;
}

const loadBots = serial(async () => {
  try {
    const request = ++requestsSent;
    const doc = await api("/bots", { include_archived: "true" });
    const bots = Array.isArray(doc?.bots) ? doc.bots : [];
    const seen = new Set();
    for (const bot of bots) {
      if (!bot || typeof bot.name !== "string") continue;
      seen.add(bot.name);
      keepBot(bot, request);
    }
    for (const name of [...store.bots.keys()]) if (!seen.has(name)) dropBot(name, request);
    store.loaded = true;
    store.error = null;
    store.emit({ type: "all" });
  } catch (error) {
    store.error = error;
    store.emit({ type: "error" });
  }
});

const inflight = new Map();
async function refreshBot(name) {
  if (inflight.has(name)) { inflight.set(name, true); return; }
  inflight.set(name, false);
  try {
    do {
      inflight.set(name, false);
      const request = ++requestsSent;
      try {
        const bot = await api(`/bots/${enc(name)}`);
        if (bot && typeof bot.name === "string") {
          const isNew = !store.bots.has(bot.name);
          if (keepBot(bot, request)) store.emit({ type: isNew ? "added" : "changed", bot: bot.name });
        }
      } catch (error) {
        if (error.status === 404 && dropBot(name, request)) store.emit({ type: "removed", bot: name });
      }
    } while (inflight.get(name));
  } finally {
    inflight.delete(name);
  }
}

const refreshBots = coalesce((names) => names.forEach(refreshBot), 250, 1000);
const refreshAllBots = coalesce(() => loadBots(), 1500, 3000);

function sortedBots(mode, includeArchived = false) {
  return [...store.bots.values()]
    .filter((b) => (!mode || b.mode === mode) && (includeArchived || statusOf(b) !== "archived"))
    .sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------
// Event stream: EventSource resends Last-Event-ID itself when it reconnects; when the browser gives
// up (the server was down), we open a new one that resumes from the last id we saw.

const stream = {
  source: null,
  state: "connecting",
  lastId: null,
  received: 0,
  reconnects: 0,
  resets: 0,
  lastMessageAt: 0,
  retryTimer: null,
  retryDelay: 1000,
};

function setStreamState(state) {
  stream.state = state;
  const el = document.querySelector('[data-testid="stream-status"]');
  if (!el) return;
  el.dataset.state = state;
  const label = { live: "Live", connecting: "Connecting", reconnecting: "Reconnecting", offline: "Offline" }[state] || state;
  el.querySelector(".label").textContent = label;
  el.title = `Event stream: ${label.toLowerCase()}` + (stream.lastId != null ? ` · last event ${stream.lastId}` : "") + ` · ${stream.received} events`;
  currentView?.onStream?.();
}

function connectStream() {
  clearTimeout(stream.retryTimer);
  if (stream.source) stream.source.close();
  const url = stream.lastId != null ? `${API}/events?last_event_id=${enc(stream.lastId)}` : `${API}/events`;
  let source;
  try {
    source = new EventSource(url);
  } catch {
    scheduleReconnect();
    return;
  }
  stream.source = source;
  stream.lastMessageAt = Date.now();
  setStreamState(stream.received || stream.reconnects ? "reconnecting" : "connecting");
  source.onopen = () => {
    stream.retryDelay = 1000;
    stream.lastMessageAt = Date.now();
    setStreamState("live");
  };
  source.onerror = () => {
    if (source !== stream.source) return;
    if (source.readyState === EventSource.CLOSED) {
      setStreamState("offline");
      scheduleReconnect();
    } else {
      stream.reconnects++;
      setStreamState("reconnecting");
    }
  };
  for (const kind of EVENT_KINDS) source.addEventListener(kind, (e) => onStreamEvent(kind, e));
  source.addEventListener("message", (e) => onStreamEvent(null, e));
  source.addEventListener("ping", (e) => { seen(e); });
  source.addEventListener("reset", (e) => { seen(e); onReset(); });
}

function scheduleReconnect() {
  clearTimeout(stream.retryTimer);
  stream.retryTimer = setTimeout(() => { stream.reconnects++; connectStream(); }, stream.retryDelay);
  stream.retryDelay = Math.min(stream.retryDelay * 2, 15000);
}

function seen(e) {
  stream.lastMessageAt = Date.now();
  if (e.lastEventId) stream.lastId = e.lastEventId;
  if (stream.state !== "live") setStreamState("live");
}

function onStreamEvent(kind, e) {
  seen(e);
  stream.received++;
  let data = null;
  try { data = JSON.parse(e.data); } catch { /* an event without a body still says something changed */ }
  const event = { id: data?.id ?? e.lastEventId, kind: kind || data?.kind || "message", bot: typeof data?.bot === "string" ? data.bot : null, data };
  if (event.kind === "import" || event.kind === "rollback") {
    reloadAll();
  } else if (event.bot) {
    refreshBots(event.bot);
  } else if (event.kind === "price_bar" || event.kind === "fx_rate" || event.kind === "setting") {
    // A new price moves every open position's unrealized P&L.
    refreshAllBots("all");
  }
  currentView?.onEvent?.(event);
  updateStreamTitle();
}

const updateStreamTitle = coalesce(() => setStreamState(stream.state), 500, 2000);

function onReset() {
  stream.resets++;
  reloadAll();
}

const reloadAll = coalesce(() => {
  loadBots();
  currentView?.reload?.();
}, 300, 1000);

// A stream with neither events nor pings for 45 s is dead even if the socket says otherwise.
setInterval(() => {
  if (stream.state === "live" && Date.now() - stream.lastMessageAt > 45000) {
    stream.reconnects++;
    connectStream();
  }
}, 5000);
window.addEventListener("online", () => { if (stream.state !== "live") connectStream(); });

// ---------------------------------------------------------------------------------------------
// Charts (uPlot)

const chartSync = "tradebook";

function chartColors() {
  return {
    text: cssVar("--muted"),
    grid: cssVar("--grid"),
    series: [cssVar("--c1"), cssVar("--c2"), cssVar("--c3"), cssVar("--c4"), cssVar("--c5"), cssVar("--c6")],
    pos: cssVar("--pos"),
    neg: cssVar("--neg"),
    negSoft: cssVar("--neg-soft"),
    accentSoft: cssVar("--accent-soft"),
  };
}

function axis(colors, extra) {
  return {
    stroke: colors.text,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1 },
    font: `11px ${cssVar("--sans") || "sans-serif"}`,
    ...extra,
  };
}

function utcDate(ts) {
  return window.uPlot.tzDate(new Date(ts * 1000), "Etc/UTC");
}

/** A uPlot chart that follows its container's width. Returns null (and says so) when uPlot did not load. */
function plot(container, options, data) {
  if (!window.uPlot) {
    replace(container, h("div", { class: "notice" }, "The chart library did not load."));
    return null;
  }
  const width = Math.max(200, container.clientWidth || container.parentElement?.clientWidth || 600);
  const chart = new window.uPlot({ width, tzDate: utcDate, ...options }, data, container);
  const observer = new ResizeObserver(() => {
    const w = Math.max(200, container.clientWidth);
    if (Math.abs(w - chart.width) > 2) chart.setSize({ width: w, height: chart.height });
  });
  observer.observe(container);
  chart.tradebookObserver = observer;
  return chart;
}

function destroyChart(chart) {
  if (!chart) return;
  chart.tradebookObserver?.disconnect();
  chart.destroy();
}

function seconds(value) {
  const d = parseTime(value);
  return d ? d.getTime() / 1000 : null;
}

/** An SVG sparkline of equity points, green when the last is above the first. */
function sparkline(points) {
  const values = points.map((p) => num(p.equity)).filter((v) => v !== null);
  const box = h("div", { class: "sparkline", "aria-hidden": "true" });
  if (values.length < 2) return box;
  const step = Math.max(1, Math.floor(values.length / 160));
  const sample = values.filter((_, i) => i % step === 0 || i === values.length - 1);
  const min = Math.min(...sample);
  const max = Math.max(...sample);
  const span = max - min || 1;
  const w = 200;
  const height = 40;
  const coords = sample.map((v, i) => `${((i / (sample.length - 1)) * w).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`);
  const rising = sample[sample.length - 1] >= sample[0];
  const color = rising ? "var(--pos)" : "var(--neg)";
  const s = svg("svg", { viewBox: `0 0 ${w} ${height}`, preserveAspectRatio: "none" });
  s.append(
    svg("polygon", { points: `0,${height} ${coords.join(" ")} ${w},${height}`, fill: color, opacity: "0.1" }),
    svg("polyline", { points: coords.join(" "), fill: "none", stroke: color, "stroke-width": "1.6", "vector-effect": "non-scaling-stroke" }),
  );
  box.append(s);
  return box;
}

/**
 * The equity chart with its drawdown: equity above, the fall below the running peak shaded beneath
 * it (synced cursors), and the deepest drawdown marked as a band on the equity chart.
 */
function equityCharts(container, doc, currency) {
  const series = (d) => {
    const rows = (Array.isArray(d?.points) ? d.points : []).map((p) => [seconds(p.ts), num(p.equity), num(p.drawdown)]).filter((r) => r[0] !== null && r[1] !== null);
    return { xs: rows.map((r) => r[0]), equity: rows.map((r) => r[1]), drawdown: rows.map((r) => (r[2] === null ? null : -r[2])) };
  };
  const data = series(doc);
  if (data.xs.length === 0) {
    replace(container, h("div", { class: "notice" }, "No equity snapshots yet."));
    return null;
  }
  const colors = chartColors();
  const span = { peak: seconds(doc?.max_drawdown?.peak_at), trough: seconds(doc?.max_drawdown?.trough_at) };
  replace(container);
  const top = h("div");
  const bottom = h("div");
  container.append(top, bottom);
  const band = {
    hooks: {
      drawClear: [(u) => {
        if (span.peak === null || span.trough === null || span.trough <= span.peak) return;
        const x0 = u.valToPos(span.peak, "x", true);
        const x1 = u.valToPos(span.trough, "x", true);
        const { top: y, height } = u.bbox;
        u.ctx.save();
        u.ctx.fillStyle = colors.negSoft;
        u.ctx.fillRect(Math.min(x0, x1), y, Math.abs(x1 - x0), height);
        u.ctx.restore();
      }],
    },
  };
  const single = data.xs.length === 1;
  const timeValue = (u, v) => (v == null ? DASH : utc(new Date(v * 1000).toISOString()));
  // One right padding for both plots: uPlot pads a plot for its last time label, which only the upper one shows,
  // and the drawdown must sit under the equity it belongs to.
  const padding = [null, 28, null, null];
  const a = plot(top, {
    height: 240,
    padding,
    cursor: { sync: { key: chartSync }, points: { size: 6 } },
    scales: { x: { time: true } },
    axes: [axis(colors), axis(colors, { size: 64, values: (u, vals) => vals.map(compact) })],
    series: [
      { value: timeValue },
      { label: `Equity${currency ? ` (${currency})` : ""}`, stroke: colors.series[0], width: 2, fill: colors.accentSoft, points: { show: single }, value: (u, v) => money(v, currency) },
    ],
    plugins: [band],
  }, [data.xs, data.equity]);
  const b = plot(bottom, {
    height: 110,
    padding,
    cursor: { sync: { key: chartSync }, points: { size: 5 } },
    scales: { x: { time: true }, dd: { range: (u, min) => [Math.min(min ?? 0, -0.0001) * 1.1, 0] } },
    axes: [axis(colors, { show: false }), axis(colors, { scale: "dd", size: 64, values: (u, vals) => vals.map((v) => percent(v)) })],
    series: [
      { value: timeValue },
      { label: "Drawdown", scale: "dd", stroke: colors.neg, width: 1, fill: colors.negSoft, fillTo: 0, points: { show: single }, value: (u, v) => percent(v) },
    ],
  }, [data.xs, data.drawdown]);
  const charts = [a, b].filter(Boolean);
  return {
    charts,
    /** New points for the same interval and range: redrawn in place, so the page does not flicker. */
    update(next) {
      const d = series(next);
      if (d.xs.length === 0 || (d.xs.length === 1) !== single) return false;
      span.peak = seconds(next?.max_drawdown?.peak_at);
      span.trough = seconds(next?.max_drawdown?.trough_at);
      a?.setData([d.xs, d.equity]);
      b?.setData([d.xs, d.drawdown]);
      return true;
    },
    destroy() { charts.forEach(destroyChart); },
  };
}

/**
 * A bot without equity snapshots (a history an import brought, a bot that never sent one): its realized P&L,
 * added up day by day (the days of `GET /pnl?by=day`), so that the page still shows how it went.
 */
function realizedChart(container, doc, bot, currency) {
  const days = (Array.isArray(doc?.lines) ? doc.lines : []).filter((l) => l.bot === bot)
    .map((l) => [seconds(`${l.product}T00:00:00Z`), num(l.realized_pnl)])
    .filter((d) => d[0] !== null && d[1] !== null)
    .sort((a, b) => a[0] - b[0]);
  if (days.length === 0) {
    replace(container, h("div", { class: "notice" }, "No equity snapshots yet."));
    return null;
  }
  let total = 0;
  const sums = days.map((d) => (total += d[1]));
  const colors = chartColors();
  replace(container);
  const chart = plot(container, {
    height: 240,
    cursor: { points: { size: 6 } },
    scales: { x: { time: true } },
    axes: [axis(colors), axis(colors, { size: 64, values: (u, vals) => vals.map(compact) })],
    series: [
      { value: (u, v) => (v == null ? DASH : utc(new Date(v * 1000).toISOString()).slice(0, 10)) },
      { label: `Realized P&L${currency ? ` (${currency})` : ""}`, stroke: colors.series[0], width: 2, fill: colors.accentSoft, points: { show: days.length === 1 }, value: (u, v) => money(v, currency, true) },
    ],
  }, [days.map((d) => d[0]), sums]);
  return { charts: [chart].filter(Boolean), update: () => false, destroy() { destroyChart(chart); } };
}

/** Horizontal bars of signed values, with the value written beside each bar. */
function barList(rows, currency) {
  const values = rows.map((r) => num(r.value)).filter((v) => v !== null);
  if (rows.length === 0) return h("div", { class: "notice" }, "Nothing to show yet.");
  const max = Math.max(...values.map(Math.abs), 1e-12);
  const hasNeg = values.some((v) => v < 0);
  const zero = hasNeg ? 50 : 0;
  return h("div", { class: "bars" }, rows.map((r) => {
    const v = num(r.value);
    const width = v === null ? 0 : (Math.abs(v) / max) * (hasNeg ? 50 : 100);
    const left = v !== null && v < 0 ? zero - width : zero;
    return h("div", { class: "bar-row" },
      h("span", { class: "label", title: r.label }, r.label),
      h("span", { class: "bar-track" },
        hasNeg ? h("span", { class: "zero", style: `left:${zero}%` }) : null,
        v === null ? null : h("span", { class: `bar-fill ${v < 0 ? "neg" : "pos"}`, style: `left:${left}%;width:${Math.max(width, 0.5)}%` })),
      h("span", { class: `num ${signClass(v)}` }, r.text ?? money(v, currency, true)));
  }));
}

// ---------------------------------------------------------------------------------------------
// Tables

/**
 * A table from column definitions: { key, label, num, render(row), sort, title }.
 * onSort(key) is called when a sortable header is clicked; sorted = { key, dir }.
 */
function table(columns, rows, opts = {}) {
  const head = h("tr", null, columns.map((c) => {
    const sorted = opts.sorted && opts.sorted.key === c.sort;
    const th = h("th", {
      class: [c.num ? "num" : "", c.sort ? "sortable" : "", sorted ? "sorted" : ""].join(" ").trim() || null,
      scope: "col",
      "aria-sort": sorted ? (opts.sorted.dir === "asc" ? "ascending" : "descending") : null,
      title: c.title || null,
      onclick: c.sort && opts.onSort ? (e) => { if (!e.target.closest(".info")) opts.onSort(c.sort); } : null,
    }, c.label, sorted ? h("span", { class: "arrow" }, opts.sorted.dir === "asc" ? "▲" : "▼") : null, c.info || null);
    return th;
  }));
  const body = h("tbody");
  if (rows.length === 0) {
    body.append(h("tr", null, h("td", { class: "empty", colspan: columns.length }, opts.empty || "Nothing here yet.")));
  }
  for (const row of rows) {
    const tr = h("tr", { class: opts.onRow ? "clickable" : null, tabindex: opts.onRow ? "0" : null });
    for (const c of columns) {
      const value = c.render ? c.render(row) : row[c.key];
      tr.append(h("td", { class: c.num ? "num" : null }, value instanceof Node ? value : value == null ? DASH : String(value)));
    }
    if (opts.onRow) {
      tr.addEventListener("click", () => opts.onRow(row, tr));
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") opts.onRow(row, tr); });
    }
    body.append(tr);
  }
  return h("div", { class: "table-wrap" }, h("table", { "data-testid": opts.testid || null }, h("thead", null, head), body));
}

/** A small definition popover next to a header: one click away. */
function infoButton(title, text) {
  return h("button", {
    class: "info",
    type: "button",
    "aria-label": `What is ${title}?`,
    onclick: (e) => { e.stopPropagation(); togglePopover(e.currentTarget, title, text); },
  }, "i");
}

let openPopover = null;
function togglePopover(anchor, title, text) {
  const was = openPopover?.anchor === anchor;
  closePopover();
  if (was) return;
  const pop = h("div", { class: "popover", role: "tooltip" }, h("strong", null, title), text || "No definition was given by the server.");
  document.body.append(pop);
  const r = anchor.getBoundingClientRect();
  const left = Math.min(window.scrollX + r.left - 10, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8);
  pop.style.left = `${Math.max(8, left)}px`;
  pop.style.top = `${window.scrollY + r.bottom + 6}px`;
  openPopover = { anchor, pop };
}
function closePopover() {
  openPopover?.pop.remove();
  openPopover = null;
}
document.addEventListener("click", (e) => { if (openPopover && !openPopover.pop.contains(e.target)) closePopover(); });
document.addEventListener("keydown", (e) => { if (e.key === "Escape") closePopover(); });

function dl(pairs) {
  return h("dl", { class: "facts-list" }, pairs.filter(Boolean).map(([k, v]) => [h("dt", null, k), h("dd", null, v instanceof Node ? v : v == null || v === "" ? DASH : String(v))]));
}

/** Any value from the API, shown as text: objects as compact JSON. */
function plain(value) {
  if (value == null) return DASH;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// Views. Each view is mount(root, params, query) → { onEvent, onBots, onStream, reload, destroy }.

let currentView = null;

function pageHead(title, ...rest) {
  return h("div", { class: "page-head" }, h("h1", null, title), ...rest);
}

/** Sets the view's query in the address without re-rendering, so the page can be bookmarked. */
function setQuery(path, query) {
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v != null && v !== "" && v !== false)).toString();
  history.replaceState(null, "", `#${path}${qs ? `?${qs}` : ""}`);
}

// ---- Overview ----------------------------------------------------------------------------------

function overviewView(root, params, query) {
  const state = { mode: query.get("mode") || "", search: query.get("q") || "", archived: query.get("archived") === "1" };
  const cards = new Map();
  const sparks = new Map();
  const sparkFetched = new Map();

  const modeChips = h("div", { class: "chips", role: "group", "aria-label": "Mode" });
  const search = h("input", { type: "search", placeholder: "Filter bots", value: state.search, "aria-label": "Filter bots by name", oninput: () => { state.search = search.value; sync(); render(); } });
  const archived = h("label", { class: "muted" }, h("input", { type: "checkbox", checked: state.archived, onchange: (e) => { state.archived = e.target.checked; sync(); render(); } }), " archived");
  const body = h("div");
  root.append(pageHead("Bots", h("span", { class: "spacer" }), h("div", { class: "toolbar" }, modeChips, search, archived)), body);

  function sync() { setQuery("/", { mode: state.mode, q: state.search, archived: state.archived ? "1" : "" }); }

  function renderChips() {
    const present = new Set([...store.bots.values()].map((b) => b.mode));
    replace(modeChips, ["", ...MODES.filter((m) => present.has(m))].map((m) => h("button", {
      class: "chip", type: "button", "aria-pressed": String(state.mode === m),
      onclick: () => { state.mode = m; sync(); render(); },
    }, m || "All modes")));
  }

  function card(bot) {
    const ccy = bot.currency || "";
    const s = statusOf(bot);
    const wins = num(bot.wins);
    const trades = num(bot.trades);
    const last = bot.last_trade;
    const warnings = Array.isArray(bot.warnings) ? bot.warnings : [];
    const el = h("article", { class: `card${s === "stale" ? " is-stale" : ""}`, "data-testid": "bot-card", "data-bot": bot.name, "data-mode": bot.mode || "", "data-pnl-unknown": bot.pnl_unknown ? "true" : null },
      h("div", { class: "card-top" },
        h("a", { class: "name", href: `#/bots/${enc(bot.name)}`, title: bot.name }, bot.name),
        modeBadge(bot.mode)),
      h("div", { class: "card-sub" },
        h("span", { class: "strategy" }, strategyText(bot)),
        statusEl(bot, "card-status")),
      h("div", { class: "card-equity-row" },
        h("div", { class: "equity", "data-testid": "card-equity", "data-value": raw(bot.equity), title: bot.equity_at ? `equity at ${utc(bot.equity_at, true)}` : "no equity snapshot yet" },
          num(bot.equity) === null ? DASH : money(bot.equity, ccy)),
        sparks.get(bot.name) || h("div", { class: "sparkline" })),
      h("div", { class: "kv" },
        h("div", null, h("div", { class: "k" }, "Realized"), h("div", { class: `v ${signClass(bot.realized_pnl)}`, "data-testid": "card-realized", "data-value": raw(bot.realized_pnl) }, bot.pnl_unknown ? unknown(bot.pnl_unknown.reason) : money(bot.realized_pnl, ccy, true))),
        h("div", null, h("div", { class: "k" }, "Unrealized"), h("div", { class: `v ${signClass(bot.unrealized_pnl)}`, "data-testid": "card-unrealized", "data-value": raw(bot.unrealized_pnl) }, bot.pnl_unknown ? unknown(bot.pnl_unknown.reason) : money(bot.unrealized_pnl, ccy, true))),
        h("div", null, h("div", { class: "k" }, "Positions · trades"),
          h("div", { class: "v", title: wins !== null && trades !== null ? `${integer(wins)} winning of ${integer(trades)} round trips` : null },
            `${integer(bot.open_positions)} · ${integer(trades)}`, wins !== null ? h("span", { class: "muted" }, ` (${integer(wins)} won)`) : null))),
      bot.pnl_unknown ? h("div", { class: "flag", "data-testid": "card-flag", title: bot.pnl_unknown.message }, "P&L unknown") : null,
      last && typeof last === "object"
        ? h("div", { class: "last-trade", title: utc(last.ts ?? last.timestamp, true) }, "Last trade: ",
          h("span", { class: last.side === "buy" ? "pos" : last.side === "sell" ? "neg" : null }, String(last.side || "")),
          ` ${quantity(last.quantity ?? last.qty)} ${last.symbol || ""} @ ${price(last.price)} · `, agoEl(last.ts ?? last.timestamp))
        : h("div", { class: "last-trade" }, "No trades yet"),
      warnings.length ? h("ul", { class: "warnings" }, warnings.map((w) => h("li", null, plain(w)))) : null);
    return el;
  }

  async function loadSpark(name) {
    const bot = store.bots.get(name);
    if (!bot) return;
    const at = parseTime(bot.equity_at);
    if (!at) return;
    sparkFetched.set(name, Date.now());
    try {
      const doc = await api(`/bots/${enc(name)}/equity`, { interval: "1h", from: new Date(at.getTime() - 7 * 86400000).toISOString() });
      const el = sparkline(Array.isArray(doc?.points) ? doc.points : []);
      el.title = "Equity over the last 7 days of snapshots";
      sparks.set(name, el);
      const c = cards.get(name);
      c?.querySelector(".sparkline")?.replaceWith(el);
    } catch { /* the card keeps its last sparkline */ }
  }

  const sparkRefresh = coalesce((names) => names.forEach(loadSpark), 1500, 5000);

  function render() {
    renderChips();
    if (!store.loaded) {
      replace(body, store.error ? errorBox(store.error) : h("p", { class: "loading" }, "Loading bots"));
      return;
    }
    const shown = new Set(visibleNames());
    const bots = sortedBots(state.mode || null, state.archived).filter((b) => shown.has(b.name));
    cards.clear();
    if (store.bots.size === 0) {
      replace(body, h("div", { class: "notice" }, "No bots yet. Bots appear here as soon as they are created: ",
        h("code", null, "tradebook bots add NAME --mode paper"), ", ", h("code", null, "POST /api/v1/bots"), ", or ", h("code", null, "tradebook serve --demo"), "."));
      return;
    }
    if (bots.length === 0) {
      replace(body, h("div", { class: "notice" }, "No bot matches this filter."));
      return;
    }
    const sections = [];
    for (const mode of [...MODES, ...new Set(bots.map((b) => b.mode).filter((m) => !MODES.includes(m)))]) {
      const group = bots.filter((b) => b.mode === mode);
      if (group.length === 0) continue;
      const statuses = group.reduce((acc, b) => { acc[statusOf(b)] = (acc[statusOf(b)] || 0) + 1; return acc; }, {});
      const summary = Object.entries(statuses).map(([s, n]) => `${n} ${s}`).join(", ");
      sections.push(h("section", { class: "mode-section", "data-mode": mode },
        h("header", null, h("h2", null, `${mode[0].toUpperCase()}${mode.slice(1)}`), h("span", { class: "count" }, `${group.length} bot${group.length === 1 ? "" : "s"} · ${summary}`)),
        h("div", { class: "cards" }, group.map((b) => {
          const el = card(b);
          cards.set(b.name, el);
          return el;
        }))));
    }
    replace(body, sections);
    for (const b of bots) if (!sparkFetched.has(b.name)) loadSpark(b.name);
  }

  function visibleNames() {
    const q = state.search.trim().toLowerCase();
    return sortedBots(state.mode || null, state.archived).filter((b) => !q || b.name.toLowerCase().includes(q) || String(b.strategy_name || "").toLowerCase().includes(q)).map((b) => b.name);
  }

  function sameBots() {
    const names = visibleNames();
    return names.length > 0 && names.length === cards.size && names.every((n) => cards.get(n)?.isConnected && cards.get(n).dataset.mode === store.bots.get(n)?.mode);
  }

  function update(name) {
    const bot = store.bots.get(name);
    const old = cards.get(name);
    if (!bot || !old || !old.isConnected) { render(); return; }
    const visible = (!state.mode || bot.mode === state.mode) && (state.archived || statusOf(bot) !== "archived");
    if (!visible) { render(); return; }
    const fresh = card(bot);
    const changed = old.querySelector('[data-testid="card-equity"]')?.textContent !== fresh.querySelector('[data-testid="card-equity"]')?.textContent;
    old.replaceWith(fresh);
    cards.set(name, fresh);
    if (changed) {
      fresh.classList.add("flash");
      requestAnimationFrame(() => requestAnimationFrame(() => fresh.classList.remove("flash")));
    }
  }

  render();
  return {
    onBots(change) {
      if (change.type === "changed" && cards.has(change.bot)) update(change.bot);
      else if (change.type === "all" && sameBots()) [...cards.keys()].forEach(update);
      else render();
    },
    onEvent(event) {
      if (event.bot && (event.kind === "snapshot" || event.kind === "fill")) sparkRefresh(event.bot);
    },
    reload() { sparkFetched.clear(); render(); },
    destroy() {},
  };
}

// ---- Portfolio ---------------------------------------------------------------------------------

function portfolioView(root, params, query) {
  const state = {
    mode: query.get("mode") || "",
    selected: query.get("bots") ? new Set(query.get("bots").split(",").filter(Boolean)) : null,
    interval: query.get("interval") || "1h",
  };
  let charts = [];
  let generation = 0;
  const controls = h("div", { class: "panel" });
  const equityPanel = h("section", { class: "panel" });
  const pnlPanel = h("section", { class: "panel" });
  const botsPanel = h("section", { class: "panel" });
  root.append(pageHead("Portfolio", h("span", { class: "muted" }, "Bots of one mode, added up")), controls, equityPanel, h("div", { class: "grid-2" }, pnlPanel, botsPanel));

  function defaultMode() {
    const present = new Set([...store.bots.values()].map((b) => b.mode));
    return MODES.find((m) => present.has(m)) || "paper";
  }

  function sync() {
    setQuery("/portfolio", { mode: state.mode, bots: state.selected ? [...state.selected].join(",") : "", interval: state.interval === "1h" ? "" : state.interval });
  }

  function selectedBots() {
    const bots = sortedBots(state.mode);
    return state.selected ? bots.filter((b) => state.selected.has(b.name)) : bots;
  }

  function renderControls() {
    const bots = sortedBots(state.mode);
    replace(controls,
      h("div", { class: "toolbar" },
        h("div", { class: "chips", role: "group", "aria-label": "Mode" }, MODES.map((m) => h("button", {
          class: "chip", type: "button", "aria-pressed": String(state.mode === m),
          onclick: () => { state.mode = m; state.selected = null; sync(); renderAll(); },
        }, m))),
        h("label", { class: "muted" }, "Interval ", h("select", { onchange: (e) => { state.interval = e.target.value; sync(); loadData(); } },
          ["15m", "1h", "4h", "1d"].map((i) => h("option", { value: i, selected: i === state.interval }, i))))),
      h("div", { class: "checks", style: "margin-top:10px" },
        bots.length === 0 ? h("span", { class: "muted" }, `No ${state.mode} bots.`) : null,
        bots.map((b) => h("label", null, h("input", {
          type: "checkbox", checked: !state.selected || state.selected.has(b.name),
          onchange: (e) => {
            const set = state.selected ? new Set(state.selected) : new Set(bots.map((x) => x.name));
            if (e.target.checked) set.add(b.name); else set.delete(b.name);
            state.selected = set.size === bots.length ? null : set;
            sync();
            loadData();
          },
        }), b.name, " ", h("span", { class: "muted" }, b.currency || "")))));
  }

  let shownKey = "";
  let chartShape = "";
  async function loadData() {
    const mine = ++generation;
    const bots = selectedBots();
    const currencies = [...new Set(bots.map((b) => b.currency).filter(Boolean))];
    const key = `${state.mode}|${state.interval}|${bots.map((b) => b.name).join(",")}`;
    const fresh = key !== shownKey;
    if (bots.length === 0) {
      shownKey = key;
      charts.forEach(destroyChart);
      charts = [];
      replace(equityPanel, h("h2", null, "Combined equity"), h("div", { class: "notice" }, "Select at least one bot."));
      replace(pnlPanel, h("h2", null, "P&L by product"), h("div", { class: "notice" }, "Select at least one bot."));
      replace(botsPanel, h("h2", null, "P&L by bot"), h("div", { class: "notice" }, "Select at least one bot."));
      return;
    }
    if (currencies.length > 1) {
      charts.forEach(destroyChart);
      charts = [];
      replace(equityPanel, h("h2", null, "Combined equity"), h("div", { class: "notice" },
        `These bots keep their books in different currencies (${currencies.join(", ")}); Tradebook does not add them up. Select bots of one currency.`));
    } else if (fresh) {
      charts.forEach(destroyChart);
      charts = [];
      replace(equityPanel, h("h2", null, "Combined equity"), h("p", { class: "loading" }, "Loading equity"));
    }
    const ccy = currencies[0] || "";
    const [curves, pnlDoc] = await Promise.all([
      currencies.length > 1 ? Promise.resolve(null) : Promise.all(bots.map((b) => api(`/bots/${enc(b.name)}/equity`, { interval: state.interval }).then((d) => ({ bot: b.name, doc: d }), (e) => ({ bot: b.name, error: e })))),
      api("/pnl", { by: "product", mode: state.mode }).catch((e) => ({ error: e })),
    ]);
    if (mine !== generation) return;
    shownKey = key;
    if (curves) renderEquity(curves, ccy, fresh);
    renderPnl(pnlDoc, bots);
  }

  function renderEquity(curves, ccy, fresh) {
    const failed = curves.filter((c) => c.error);
    const series = curves.filter((c) => !c.error).map((c) => ({
      bot: c.bot,
      points: (Array.isArray(c.doc?.points) ? c.doc.points : []).map((p) => [seconds(p.ts), num(p.equity)]).filter((p) => p[0] !== null && p[1] !== null),
    }));
    const withData = series.filter((s) => s.points.length > 0);
    const head = h("div", { class: "panel-head" }, h("h2", null, "Combined equity"), h("span", { class: "spacer" }), h("span", { class: "muted" }, `${state.mode} · ${state.interval} · ${ccy}`));
    if (withData.length === 0) {
      charts.forEach(destroyChart);
      charts = [];
      chartShape = "";
      replace(equityPanel, head, failed.length ? errorBox(failed[0].error) : h("div", { class: "notice" }, "No equity snapshots yet."));
      return;
    }
    // Each bot's last equity carries forward to the next time any bot has a point; the sum starts
    // when every selected bot has one, so a bot that starts later never shows as a jump.
    const xs = [...new Set(withData.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
    const start = Math.max(...withData.map((s) => s.points[0][0]));
    const lines = withData.map((s) => {
      const out = [];
      let i = 0;
      let last = null;
      for (const x of xs) {
        while (i < s.points.length && s.points[i][0] <= x) { last = s.points[i][1]; i++; }
        out.push(last);
      }
      return out;
    });
    const total = xs.map((x, k) => (x < start ? null : lines.reduce((sum, line) => sum + line[k], 0)));
    const missing = series.filter((s) => s.points.length === 0).map((s) => s.bot);
    const note = h("div", { class: "chart-note" },
      `The sum starts at ${utc(new Date(start * 1000).toISOString())}, when every selected bot has a snapshot. Click a legend entry to hide a line.`,
      missing.length ? ` No snapshots yet: ${missing.join(", ")}.` : "",
      failed.length ? ` Not loaded: ${failed.map((f) => f.bot).join(", ")}.` : "");
    const shape = withData.map((s) => s.bot).join(",");
    if (!fresh && charts.length === 1 && chartShape === shape) {
      charts[0].setData([xs, total, ...lines]);
      equityPanel.querySelector(".chart-note")?.replaceWith(note);
      return;
    }
    charts.forEach(destroyChart);
    charts = [];
    chartShape = shape;
    const colors = chartColors();
    const chartBox = h("div", { class: "chart", "data-testid": "portfolio-chart" });
    replace(equityPanel, head, chartBox, note);
    const chart = plot(chartBox, {
      height: 300,
      scales: { x: { time: true } },
      axes: [axis(colors), axis(colors, { size: 64, values: (u, vals) => vals.map(compact) })],
      series: [
        { value: (u, v) => (v == null ? DASH : utc(new Date(v * 1000).toISOString())) },
        { label: "Combined", stroke: colors.series[0], width: 2.5, value: (u, v) => money(v, ccy) },
        ...withData.map((s, i) => ({ label: s.bot, stroke: colors.series[(i + 1) % colors.series.length], width: 1.2, value: (u, v) => money(v, ccy) })),
      ],
    }, [xs, total, ...lines]);
    if (chart) charts.push(chart);
  }

  function renderPnl(doc, bots) {
    const names = new Set(bots.map((b) => b.name));
    const currencyOf = new Map(bots.map((b) => [b.name, b.currency || ""]));
    if (doc?.error) {
      replace(pnlPanel, h("h2", null, "P&L by product"), errorBox(doc.error));
      replace(botsPanel, h("h2", null, "P&L by bot"), errorBox(doc.error));
      return;
    }
    const lines = (Array.isArray(doc?.lines) ? doc.lines : []).filter((l) => names.has(l.bot));
    // Products are added up per currency: a product's P&L is in its bot's book currency.
    const byProduct = new Map();
    const byBot = new Map();
    for (const l of lines) {
      const ccy = currencyOf.get(l.bot) || "";
      const key = `${l.product}\u0000${ccy}`;
      const p = byProduct.get(key) || { product: l.product, currency: ccy, realized: 0, unrealized: 0, fees: 0, trades: 0, wins: 0, unmarked: false, unknown: null };
      p.unknown ||= l.pnl_unknown || null;
      p.realized += num(l.realized_pnl) ?? 0;
      p.unrealized += num(l.unrealized_pnl) ?? 0;
      p.fees += num(l.fees) ?? 0;
      p.trades += num(l.trades) ?? 0;
      p.wins += num(l.wins) ?? 0;
      p.unmarked ||= l.marked === false;
      byProduct.set(key, p);
      const b = byBot.get(l.bot) || { bot: l.bot, currency: ccy, realized: 0, unrealized: 0, fees: 0, trades: 0, unknown: null };
      b.unknown ||= l.pnl_unknown || null;
      b.realized += num(l.realized_pnl) ?? 0;
      b.unrealized += num(l.unrealized_pnl) ?? 0;
      b.fees += num(l.fees) ?? 0;
      b.trades += num(l.trades) ?? 0;
      byBot.set(l.bot, b);
    }
    const products = [...byProduct.values()].sort((a, b) => (b.realized + b.unrealized) - (a.realized + a.unrealized));
    replace(pnlPanel,
      h("div", { class: "panel-head" }, h("h2", null, "P&L by product"), h("span", { class: "spacer" }), h("span", { class: "muted" }, "realized + unrealized")),
      barList(products.map((p) => ({ label: p.product, value: p.unknown ? null : p.realized + p.unrealized, text: p.unknown ? "unknown" : money(p.realized + p.unrealized, p.currency, true) }))),
      h("div", { style: "margin-top:12px" }, table([
        { label: "Product", render: (p) => p.product },
        { label: "Realized", num: true, render: (p) => pnlOr(p.unknown, p.realized, p.currency) },
        { label: "Unrealized", num: true, render: (p) => (p.unknown ? unknown(p.unknown) : p.unmarked ? h("span", { class: "muted", title: "no price to mark this position" }, "unmarked") : pnl(p.unrealized, p.currency)) },
        { label: "Fees", num: true, render: (p) => (p.unknown ? unknown(p.unknown) : money(p.fees, p.currency)) },
        { label: "Trades", num: true, render: (p) => (p.unknown ? integer(p.trades) : `${integer(p.trades)} (${integer(p.wins)} won)`) },
      ], products, { empty: "No P&L yet." })));
    const rows = [...byBot.values()].sort((a, b) => a.bot.localeCompare(b.bot));
    replace(botsPanel,
      h("div", { class: "panel-head" }, h("h2", null, "P&L by bot")),
      table([
        { label: "Bot", render: (b) => h("a", { href: `#/bots/${enc(b.bot)}` }, b.bot) },
        { label: "Realized", num: true, render: (b) => pnlOr(b.unknown, b.realized, b.currency) },
        { label: "Unrealized", num: true, render: (b) => pnlOr(b.unknown, b.unrealized, b.currency) },
        { label: "Fees", num: true, render: (b) => (b.unknown ? unknown(b.unknown) : money(b.fees, b.currency)) },
      ], rows, { empty: "No P&L yet." }));
  }

  function renderAll() {
    if (!state.mode) state.mode = defaultMode();
    renderControls();
    loadData();
  }

  const refresh = coalesce(() => loadData(), 1500, 5000);
  let started = false;
  function startOnce() { if (!started && store.loaded) { started = true; renderAll(); } }
  startOnce();
  if (!started) replace(controls, h("p", { class: "loading" }, "Loading bots"));
  return {
    onBots(change) {
      if (!started) { startOnce(); return; }
      if (change.type === "added" || change.type === "removed") renderControls();
    },
    onEvent(event) {
      const names = new Set(selectedBots().map((b) => b.name));
      if ((event.bot && names.has(event.bot) && ["snapshot", "fill", "cash_flow"].includes(event.kind)) || event.kind === "price_bar") refresh("x");
    },
    reload() { renderAll(); },
    destroy() { charts.forEach(destroyChart); },
  };
}

// ---- Bot page ----------------------------------------------------------------------------------

function botView(root, params, query) {
  const name = params.name;
  const state = {
    interval: query.get("interval") || "1h",
    range: query.get("range") || "all",
    rt: { status: query.get("status") || "", product: query.get("product") || "", from: query.get("from") || "", to: query.get("to") || "", sort: query.get("sort") === "closed" ? "closed" : "opened", cursors: [null], page: 0 },
    q: query.get("q") || "",
    openRoundTrip: null,
  };
  let equity = null;
  let equityKey = "";
  const header = h("div");
  const kpis = h("div", { class: "kpis" });
  const equityPanel = h("section", { class: "panel" });
  const pnlPanel = h("section", { class: "panel" });
  const positionsPanel = h("section", { class: "panel" });
  const tripsPanel = h("section", { class: "panel" });
  const cashPanel = h("section", { class: "panel" });
  const decisionsPanel = h("section", { class: "panel" });
  root.append(header, kpis, equityPanel, h("div", { class: "grid-2" }, pnlPanel, positionsPanel), tripsPanel, cashPanel, decisionsPanel);

  const bot = () => store.bots.get(name);
  const ccy = () => bot()?.currency || "";

  function sync() {
    setQuery(`/bots/${enc(name)}`, {
      interval: state.interval === "1h" ? "" : state.interval,
      range: state.range === "all" ? "" : state.range,
      status: state.rt.status, product: state.rt.product, from: state.rt.from, to: state.rt.to,
      sort: state.rt.sort === "closed" ? "closed" : "", q: state.q,
    });
  }

  // Header and KPIs
  let metrics = null;
  let metricsError = null;
  function renderHeader() {
    const b = bot();
    if (!b) {
      replace(header, pageHead(name), store.loaded ? h("div", { class: "notice" }, `There is no bot named “${name}”. `, h("a", { href: "#/" }, "Back to the overview")) : h("p", { class: "loading" }, "Loading"));
      replace(kpis);
      return;
    }
    replace(header,
      pageHead(b.name, modeBadge(b.mode), statusEl(b, "bot-status")),
      h("div", { class: "meta" },
        b.strategy_name || b.exchange ? h("span", null, `Strategy ${strategyText(b)}`) : null,
        b.currency ? h("span", null, `Books in ${b.currency}`) : null,
        b.last_activity_at ? h("span", null, "Last activity ", agoEl(b.last_activity_at)) : null,
        h("span", null, "Export (CSV): ",
          [["round-trips", "round trips"], ["fills", "fills"], ["orders", "orders"], ["cash-flows", "cash flows"], ["snapshots", "snapshots"]].flatMap(([what, label], i) => [
            i ? " · " : null,
            h("a", { href: `${API}/export/${what}?format=csv&bot=${enc(b.name)}`, download: "", "data-testid": `export-${what}` }, label),
          ]))),
      Array.isArray(b.warnings) && b.warnings.length ? h("ul", { class: "warnings", style: "margin-bottom:14px" }, b.warnings.map((w) => h("li", null, plain(w)))) : null);
    const c = b.currency || "";
    const m = metrics || {};
    const kpi = (k, v, cls, sub, info) => h("div", { class: "kpi" }, h("div", { class: "k" }, k, info || null), h("div", { class: `v ${cls || ""}` }, v), sub ? h("div", { class: "sub" }, sub) : null);
    replace(kpis,
      kpi("Equity", money(b.equity, c), "", b.equity_at ? utc(b.equity_at) : "no snapshot yet"),
      kpi("Realized P&L", b.pnl_unknown ? unknown(b.pnl_unknown.reason) : money(b.realized_pnl, c, true), signClass(b.realized_pnl)),
      kpi("Unrealized P&L", b.pnl_unknown ? unknown(b.pnl_unknown.reason) : money(b.unrealized_pnl, c, true), signClass(b.unrealized_pnl)),
      kpi("Fees", b.pnl_unknown ? unknown(b.pnl_unknown.reason) : money(b.fees, c)),
      kpi("Return", percent(m.return, true), signClass(m.return), metricsError ? "metrics unavailable" : null),
      kpi("Max drawdown", percent(m.max_drawdown), "", m.max_drawdown_start ? `${utc(m.max_drawdown_start).slice(0, 10)} → ${utc(m.max_drawdown_end).slice(0, 10)}` : null),
      kpi("Win rate", b.pnl_unknown ? unknown(b.pnl_unknown.reason) : percent(m.win_rate), "", b.pnl_unknown ? `${integer(b.trades)} round trips` : `${integer(b.wins)} of ${integer(b.trades)} round trips`),
      kpi("Profit factor", b.pnl_unknown ? unknown(b.pnl_unknown.reason) : ratio(m.profit_factor)),
      kpi("Sharpe · Sortino", `${ratio(m.sharpe)} · ${ratio(m.sortino)}`, "", "annualized, 365 days"),
      kpi("Open positions", integer(b.open_positions)));
  }

  const loadMetrics = serial(async () => {
    try {
      metrics = await api(`/bots/${enc(name)}/metrics`, { annualization: 365 });
      metricsError = null;
    } catch (e) {
      metricsError = e;
    }
    renderHeader();
  });

  // Equity
  const loadEquity = serial(async () => {
    const b = bot();
    const params = { interval: state.interval };
    if (state.range !== "all" && b?.equity_at) {
      const days = { "7d": 7, "30d": 30, "90d": 90 }[state.range];
      const end = parseTime(b.equity_at);
      if (days && end) params.from = new Date(end.getTime() - days * 86400000).toISOString();
    }
    const key = `${state.interval}/${state.range}`;
    const head = h("div", { class: "panel-head" }, h("h2", null, "Equity and drawdown"), h("span", { class: "spacer" }),
      h("div", { class: "chips", role: "group", "aria-label": "Range" }, ["7d", "30d", "90d", "all"].map((r) => h("button", {
        class: "chip", type: "button", "aria-pressed": String(state.range === r), onclick: () => { state.range = r; sync(); loadEquity(); },
      }, r))),
      h("select", { "aria-label": "Interval", onchange: (e) => { state.interval = e.target.value; sync(); loadEquity(); } },
        ["5m", "15m", "1h", "4h", "1d"].map((i) => h("option", { value: i, selected: i === state.interval }, i))));
    if (!equityPanel.hasChildNodes()) replace(equityPanel, head, h("div", { class: "chart", "data-testid": "equity-chart" }, h("p", { class: "loading" }, "Loading equity")));
    try {
      const doc = await api(`/bots/${enc(name)}/equity`, params);
      const note = h("div", { class: "chart-note" });
      const dd = doc?.max_drawdown;
      if (dd && num(dd.fraction) !== null && num(dd.fraction) > 0) {
        note.append(`Deepest drawdown ${percent(dd.fraction)}`, dd.peak_at ? ` from the peak at ${utc(dd.peak_at)}` : "", dd.trough_at ? ` to the trough at ${utc(dd.trough_at)}` : "", " (shaded). Drag across the chart to zoom, double-click to zoom out.");
      }
      if (equity && equityKey === key && equity.update(doc)) {
        equityPanel.querySelector(".chart-note")?.replaceWith(note);
        return;
      }
      equity?.destroy();
      const box = h("div", { class: "chart", "data-testid": "equity-chart" });
      replace(equityPanel, head, box, note);
      equity = equityCharts(box, doc, doc?.currency || ccy());
      equityKey = key;
      if (!equity) {
        const days = await api("/pnl", { by: "day", bot: name });
        equity = realizedChart(box, days, name, ccy());
        if (equity) note.append("No equity snapshots yet: the line is the bot's realized P&L, added up day by day as its round trips closed.");
      }
    } catch (e) {
      equity?.destroy();
      equity = null;
      replace(equityPanel, head, h("div", { class: "chart", "data-testid": "equity-chart" }, errorBox(e)));
    }
  });

  // P&L by product and positions
  let products = [];
  const loadPnl = serial(async () => {
    try {
      const doc = await api("/pnl", { by: "product", bot: name });
      const lines = (Array.isArray(doc?.lines) ? doc.lines : []).filter((l) => l.bot === name);
      products = [...new Set(lines.map((l) => l.product))].sort();
      const c = ccy();
      replace(pnlPanel,
        h("div", { class: "panel-head" }, h("h2", null, "P&L by product"), h("span", { class: "spacer" }), h("span", { class: "muted" }, "realized + unrealized")),
        barList(lines.map((l) => ({ label: l.product, value: l.pnl_unknown ? null : (num(l.realized_pnl) ?? 0) + (num(l.unrealized_pnl) ?? 0), text: l.pnl_unknown ? "unknown" : money((num(l.realized_pnl) ?? 0) + (num(l.unrealized_pnl) ?? 0), c, true) }))),
        h("div", { style: "margin-top:12px" }, table([
          { label: "Product", render: (l) => l.product },
          { label: "Realized", num: true, render: (l) => pnlOr(l.pnl_unknown, l.realized_pnl, c) },
          { label: "Unrealized", num: true, render: (l) => (l.pnl_unknown ? unknown(l.pnl_unknown) : l.marked === false ? h("span", { class: "muted", title: "no price to mark this position" }, "unmarked") : pnl(l.unrealized_pnl, c)) },
          { label: "Fees", num: true, render: (l) => (l.pnl_unknown ? unknown(l.pnl_unknown) : money(l.fees, c)) },
          { label: "Win rate", num: true, render: (l) => (l.pnl_unknown ? unknown(l.pnl_unknown) : percent(l.win_rate)) },
        ], lines, { empty: "No P&L yet." })));
      renderTripFilters();
    } catch (e) {
      replace(pnlPanel, h("h2", null, "P&L by product"), errorBox(e));
    }
  });

  const loadPositions = serial(async () => {
    try {
      const doc = await api("/positions", { bot: name });
      const rows = items(doc);
      const c = ccy();
      replace(positionsPanel,
        h("div", { class: "panel-head" }, h("h2", null, "Open positions"), h("span", { class: "spacer" }), h("span", { class: "muted" }, `${rows.length}`)),
        table([
          { label: "Symbol", render: (p) => p.symbol },
          { label: "Side", render: (p) => h("span", { class: p.direction === "long" ? "pos" : p.direction === "short" ? "neg" : null }, plain(p.direction ?? p.side)) },
          { label: "Qty", num: true, render: (p) => quantity(p.quantity ?? p.qty) },
          { label: "Avg entry", num: true, render: (p) => (p.pnl_unknown ? unknown(p.pnl_unknown) : price(p.avg_entry_price)) },
          { label: "Mark", num: true, render: (p) => price(p.mark_price ?? p.mark) },
          { label: "Unrealized", num: true, render: (p) => (p.pnl_unknown ? unknown(p.pnl_unknown) : num(p.unrealized_pnl) === null ? h("span", { class: "muted" }, "unmarked") : pnl(p.unrealized_pnl, c)) },
          { label: "Opened", render: (p) => (p.opened_at ? agoEl(p.opened_at) : DASH) },
        ], rows, { empty: "No open positions." }));
    } catch (e) {
      replace(positionsPanel, h("h2", null, "Open positions"), errorBox(e));
    }
  });

  // Round trips
  const tripFilters = h("div", { class: "toolbar" });
  const tripBody = h("div");
  const tripPager = h("div", { class: "pager" });
  replace(tripsPanel, h("div", { class: "panel-head" }, h("h2", null, "Round trips"), h("span", { class: "spacer" }), tripFilters), tripBody, tripPager);

  function resetPages() { state.rt.cursors = [null]; state.rt.page = 0; }

  function renderTripFilters() {
    const rt = state.rt;
    const dateInput = (key, label) => h("label", { class: "muted" }, `${label} `, h("input", {
      type: "date", value: rt[key], "aria-label": `${label} date`,
      onchange: (e) => { rt[key] = e.target.value; resetPages(); sync(); loadTrips(); },
    }));
    replace(tripFilters,
      h("select", { "aria-label": "Status", onchange: (e) => { rt.status = e.target.value; resetPages(); sync(); loadTrips(); } },
        [["", "Open and closed"], ["open", "Open"], ["closed", "Closed"]].map(([v, l]) => h("option", { value: v, selected: rt.status === v }, l))),
      h("select", { "aria-label": "Product", onchange: (e) => { rt.product = e.target.value; resetPages(); sync(); loadTrips(); } },
        h("option", { value: "" }, "All products"),
        [...new Set([...products, rt.product].filter(Boolean))].map((p) => h("option", { value: p, selected: rt.product === p }, p))),
      dateInput("from", "From"),
      dateInput("to", "To"),
      h("select", { "aria-label": "Sort", onchange: (e) => { rt.sort = e.target.value; resetPages(); sync(); loadTrips(); } },
        [["opened", "Newest opened"], ["closed", "Newest closed"]].map(([v, l]) => h("option", { value: v, selected: rt.sort === v }, l))));
  }

  let tripGeneration = 0;
  async function loadTrips() {
    const rt = state.rt;
    const mine = ++tripGeneration;
    const c = ccy();
    const toDate = rt.to ? new Date(`${rt.to}T00:00:00Z`) : null;
    if (toDate) toDate.setUTCDate(toDate.getUTCDate() + 1);
    try {
      const doc = await api("/round-trips", {
        bot: name, product: rt.product, status: rt.status,
        from: rt.from ? `${rt.from}T00:00:00Z` : "", to: toDate ? toDate.toISOString() : "",
        sort: rt.sort, limit: 25, cursor: rt.cursors[rt.page],
      });
      if (mine !== tripGeneration) return;
      const rows = items(doc);
      const sortHeader = (key) => {
        if (rt.sort === key) return;
        rt.sort = key; resetPages(); sync(); renderTripFilters(); loadTrips();
      };
      replace(tripBody, table([
        { label: "#", render: (t) => h("span", { class: "muted" }, plain(t.id)) },
        { label: "Symbol", render: (t) => t.symbol },
        { label: "Side", render: (t) => h("span", { class: t.direction === "long" ? "pos" : t.direction === "short" ? "neg" : null }, plain(t.direction)) },
        { label: "Status", render: (t) => plain(t.status) },
        { label: "Opened", sort: "opened", render: (t) => timeEl(t.opened_at) },
        { label: "Closed", sort: "closed", render: (t) => (t.closed_at ? timeEl(t.closed_at) : h("span", { class: "muted" }, "open")) },
        { label: "Max qty", num: true, render: (t) => quantity(t.max_quantity) },
        { label: "Realized", num: true, render: (t) => pnlOr(t.pnl_unknown, t.realized_pnl, c) },
        { label: "Fees", num: true, render: (t) => (t.pnl_unknown ? unknown(t.pnl_unknown) : money(t.fees, c)) },
        { label: "Fills", num: true, render: (t) => integer(t.fills) },
      ], rows, {
        testid: "round-trips-table",
        empty: rt.status || rt.product || rt.from || rt.to ? "No round trip matches these filters." : "No round trips yet.",
        sorted: { key: rt.sort, dir: "desc" },
        onSort: sortHeader,
        onRow: (t, tr) => toggleTrip(t, tr),
      }));
      const next = doc?.next_cursor ?? null;
      if (next != null) rt.cursors[rt.page + 1] = next; else rt.cursors.length = rt.page + 1;
      replace(tripPager,
        h("span", null, `Page ${rt.page + 1}`, rows.length ? ` · ${rows.length} shown` : ""),
        h("button", { type: "button", disabled: rt.page === 0, onclick: () => { rt.page--; loadTrips(); } }, "← Newer"),
        h("button", { type: "button", disabled: next == null, onclick: () => { rt.page++; loadTrips(); } }, "Older →"));
    } catch (e) {
      if (mine !== tripGeneration) return;
      replace(tripBody, h("div", { "data-testid": "round-trips-table" }, errorBox(e)));
      replace(tripPager);
    }
  }

  function toggleTrip(trip, tr) {
    const next = tr.nextElementSibling;
    const open = next?.classList.contains("detail");
    tr.parentElement.querySelectorAll("tr.detail").forEach((d) => d.remove());
    tr.parentElement.querySelectorAll("tr.selected").forEach((d) => d.classList.remove("selected"));
    if (open) return;
    tr.classList.add("selected");
    const cell = h("td", { colspan: tr.children.length }, h("p", { class: "loading" }, "Loading the round trip"));
    tr.after(h("tr", { class: "detail" }, cell));
    roundTripTrace(trip.id).then((el) => replace(cell, el));
  }

  // Cash flows: money into or out of the account that no fill moved, newest first.
  let cashRows = [];
  let cashCursor = null;
  let cashGeneration = 0;
  async function loadCashFlows(more = false) {
    const mine = ++cashGeneration;
    const head = h("div", { class: "panel-head" }, h("h2", null, "Cash flows"), h("span", { class: "spacer" }), h("span", { class: "muted" }, "deposits, withdrawals, funding, interest"));
    try {
      const doc = await api("/cash-flows", { bot: name, limit: 20, cursor: more ? cashCursor : null });
      if (mine !== cashGeneration) return;
      cashRows = more ? cashRows.concat(items(doc)) : items(doc);
      cashCursor = doc?.next_cursor ?? null;
      replace(cashPanel, head,
        table([
          { label: "Time", render: (f) => timeEl(f.ts) },
          { label: "Type", render: (f) => plain(f.type) },
          { label: "Product", render: (f) => (f.symbol ? plain(f.symbol) : h("span", { class: "muted" }, "account")) },
          { label: "Amount", num: true, render: (f) => pnl(f.amount, f.currency) },
        ], cashRows, { testid: "cash-flows-table", empty: "No cash flows recorded." }),
        cashCursor != null ? h("div", { class: "pager" }, h("button", { type: "button", onclick: () => loadCashFlows(true) }, "Load older cash flows")) : null);
    } catch (e) {
      if (mine !== cashGeneration) return;
      replace(cashPanel, head, errorBox(e));
    }
  }

  // Decisions
  const search = h("input", { type: "search", placeholder: "Search prompts, decisions and notes", value: state.q, "aria-label": "Search decisions", style: "min-width:min(320px,100%)" });
  const decisionList = h("div", { class: "decisions", "data-testid": "decisions-log" });
  const decisionMore = h("div", { class: "pager" });
  replace(decisionsPanel, h("div", { class: "panel-head" }, h("h2", null, "Decisions"), h("span", { class: "spacer" }), search), decisionList, decisionMore);
  const searchLater = coalesce(() => { state.q = search.value; sync(); loadDecisions(); }, 350, 1500);
  search.addEventListener("input", () => searchLater("q"));

  let decisionGeneration = 0;
  let decisionCursor = null;
  async function loadDecisions(more = false) {
    const mine = ++decisionGeneration;
    const open = new Set([...decisionList.querySelectorAll("details[open]")].map((d) => d.dataset.id));
    try {
      const doc = await api("/decisions", { bot: name, q: state.q.trim(), limit: 20, cursor: more ? decisionCursor : null });
      if (mine !== decisionGeneration) return;
      const rows = items(doc);
      decisionCursor = doc?.next_cursor ?? null;
      const els = rows.map((d) => decisionItem(d, state.q, open.has(String(d.id))));
      if (more) decisionList.append(...els);
      else replace(decisionList, rows.length ? els : h("div", { class: "notice" }, state.q.trim() ? `No decision mentions “${state.q.trim()}”.` : "No decisions yet."));
      replace(decisionMore, decisionCursor != null ? h("button", { type: "button", onclick: () => loadDecisions(true) }, "Load older decisions") : null);
    } catch (e) {
      if (mine !== decisionGeneration) return;
      replace(decisionList, errorBox(e));
      replace(decisionMore);
    }
  }

  // Live: each kind of event refreshes only what it can change.
  const pending = new Set();
  const refresh = coalesce(() => {
    const what = new Set(pending);
    pending.clear();
    if (what.has("equity")) loadEquity();
    if (what.has("metrics")) loadMetrics();
    if (what.has("pnl")) loadPnl();
    if (what.has("positions")) loadPositions();
    if (what.has("cash") && cashRows.length <= 20) loadCashFlows();
    if (what.has("trips") && state.rt.page === 0) loadTrips();
    if (what.has("decisions") && !decisionList.querySelector("details[open]") && decisionCursor !== undefined) loadDecisions();
  }, 800, 3000);
  function want(...parts) { parts.forEach((p) => pending.add(p)); refresh("x"); }

  // A bot that does not exist (yet) is not asked about: the page waits for it to appear.
  let loaded = false;
  function loadAll() {
    renderHeader();
    loaded = Boolean(bot());
    for (const panel of [equityPanel, pnlPanel, positionsPanel, tripsPanel, cashPanel, decisionsPanel]) panel.hidden = !loaded;
    if (!loaded) return;
    renderTripFilters();
    loadMetrics();
    loadEquity();
    loadPnl();
    loadPositions();
    loadTrips();
    loadCashFlows();
    loadDecisions();
  }
  loadAll();

  return {
    onBots(change) {
      if (!loaded && bot()) loadAll();
      else if (change.type === "all" || change.bot === name) renderHeader();
    },
    onEvent(event) {
      if (!loaded) return;
      if (event.kind === "price_bar") { want("pnl", "positions"); return; }
      if (event.bot !== name) return;
      switch (event.kind) {
        case "snapshot": want("equity", "metrics"); break;
        case "fill": want("pnl", "positions", "trips", "metrics"); break;
        case "cash_flow": want("pnl", "trips", "equity", "cash"); break;
        case "decision": want("decisions"); break;
        case "order": want("decisions"); break;
        default: break;
      }
    },
    reload() { loadAll(); },
    destroy() { equity?.destroy(); },
  };
}

/** One decision in the log: a summary line, and when opened the full prompt, answer, reasoning and usage. */
function decisionItem(d, q, open) {
  const answer = asObject(d.decision);
  const action = answer && typeof answer.action === "string" ? answer.action : null;
  const what = answer
    ? [answer.symbol, answer.side, answer.qty != null ? `qty ${quantity(answer.qty)}` : null, answer.fraction != null ? `${percent(answer.fraction)}` : null, answer.reason].filter((x) => x != null && x !== "").map(String).join(" · ")
    : plain(d.decision);
  const tokens = num(d.prompt_tokens) !== null || num(d.response_tokens) !== null ? `${integer(d.prompt_tokens)} → ${integer(d.response_tokens)} tokens` : null;
  const usage = [d.model, tokens, num(d.cost) !== null ? `cost ${money(d.cost)}` : null].filter(Boolean).join(" · ");
  const body = h("div", { class: "body" });
  const details = h("details", { class: "decision", "data-id": String(d.id), open },
    h("summary", null,
      h("span", { class: "when", title: ago(d.ts) }, utc(d.ts)),
      action ? h("span", { class: `action ${action}` }, action) : h("span", { class: "action" }, "decision"),
      h("span", { class: "what" }, highlighted(what || d.notes || "", q)),
      h("span", { class: "usage" }, usage)),
    body);
  const fill = () => {
    if (body.hasChildNodes()) return;
    body.append(
      h("div", { class: "facts" },
        h("span", null, "Time ", h("b", null, utc(d.ts, true))),
        d.outcome ? h("span", null, "Outcome ", h("b", null, plain(d.outcome))) : null,
        d.model ? h("span", null, "Model ", h("b", null, plain(d.model))) : null,
        d.provider ? h("span", null, "Provider ", h("b", null, plain(d.provider))) : null,
        num(d.prompt_tokens) !== null ? h("span", null, "Prompt ", h("b", null, `${integer(d.prompt_tokens)} tokens`)) : null,
        num(d.response_tokens) !== null ? h("span", null, "Response ", h("b", null, `${integer(d.response_tokens)} tokens`)) : null,
        num(d.latency_ms) !== null ? h("span", null, "Latency ", h("b", null, `${integer(d.latency_ms)} ms`)) : null,
        num(d.cost) !== null ? h("span", null, "Cost ", h("b", null, money(d.cost))) : null,
        d.external_id ? h("span", null, "Id ", h("b", null, plain(d.external_id))) : null),
      d.inputs != null ? h("div", null, h("h3", null, "Prompt and inputs"), h("pre", null, highlighted(pretty(d.inputs), q))) : null,
      h("div", null, h("h3", null, "Response"), h("pre", null, highlighted(pretty(d.decision), q))),
      d.notes ? h("div", null, h("h3", null, "Reasoning"), h("pre", null, highlighted(d.notes, q))) : null,
      h("div", null, h("button", { type: "button", onclick: () => openTrace(() => decisionTrace(d.id), "Decision trace") }, "Trace to orders, fills and P&L →")));
  };
  details.addEventListener("toggle", () => { if (details.open) fill(); });
  if (open) fill();
  return details;
}

// ---- Traces: decision → orders → fills → realized P&L, and round trip → fills → decisions -------

const drawer = { el: null, title: null, body: null, back: null, stack: [] };

function ensureDrawer() {
  if (drawer.el) return;
  drawer.title = h("h2", null, "");
  drawer.back = h("button", { type: "button", onclick: () => { drawer.stack.pop(); const prev = drawer.stack.pop(); if (prev) openTrace(prev.load, prev.title); } }, "← Back");
  drawer.body = h("div", { class: "drawer-body" });
  drawer.el = h("dialog", { class: "drawer", "aria-label": "Trace" },
    h("div", { class: "drawer-head" }, drawer.back, drawer.title, h("button", { type: "button", "aria-label": "Close", onclick: () => drawer.el.close() }, "✕")),
    drawer.body);
  drawer.el.addEventListener("close", () => { drawer.stack = []; });
  drawer.el.addEventListener("click", (e) => { if (e.target === drawer.el) drawer.el.close(); });
  document.body.append(drawer.el);
}

async function openTrace(load, title) {
  ensureDrawer();
  drawer.stack.push({ load, title });
  drawer.title.textContent = title;
  drawer.back.hidden = drawer.stack.length < 2;
  replace(drawer.body, h("p", { class: "loading" }, "Loading"));
  if (!drawer.el.open) {
    if (typeof drawer.el.showModal === "function") drawer.el.showModal(); else drawer.el.setAttribute("open", "");
  }
  const el = await load();
  replace(drawer.body, el);
}

function fillsTable(fills, currency) {
  return table([
    { label: "Time", render: (f) => timeEl(f.ts ?? f.timestamp) },
    { label: "Symbol", render: (f) => plain(f.symbol) },
    { label: "Side", render: (f) => h("span", { class: f.side === "buy" ? "pos" : f.side === "sell" ? "neg" : null }, plain(f.side)) },
    { label: "Qty", num: true, render: (f) => quantity(f.qty ?? f.quantity) },
    { label: "Price", num: true, render: (f) => price(f.price) },
    { label: "Fee", num: true, render: (f) => money(f.fee, f.fee_currency || currency) },
    { label: "Fill id", render: (f) => h("span", { class: "mono" }, plain(f.external_id ?? f.id)) },
  ], fills, { empty: "No fills." });
}

async function decisionTrace(id) {
  try {
    const doc = await api(`/decisions/${enc(id)}`);
    const d = doc?.decision || {};
    const currency = store.bots.get(d.bot)?.currency || "";
    const orders = Array.isArray(doc?.orders) ? doc.orders : [];
    const fills = Array.isArray(doc?.fills) ? doc.fills : [];
    const signals = Array.isArray(doc?.signals) ? doc.signals : [];
    const answer = asObject(d.decision);
    return h("div", { class: "trace" },
      h("div", { class: "trace-step" }, h("h3", null, "Signals"), signals.length
        ? table([
          { label: "Time", render: (s) => timeEl(s.ts) },
          { label: "Signal", render: (s) => plain(s.signal) },
          { label: "Symbol", render: (s) => plain(s.symbol) },
          { label: "Strength", num: true, render: (s) => (num(s.strength) === null ? DASH : fmt({ maximumFractionDigits: 6 }).format(num(s.strength))) },
          { label: "Price", num: true, render: (s) => price(s.price) },
        ], signals)
        : h("span", { class: "muted" }, "No signals cited.")),
      h("div", { class: "trace-step" }, h("h3", null, "Decision"),
        h("div", { class: "facts" },
          h("span", null, "Bot ", d.bot ? h("a", { href: `#/bots/${enc(d.bot)}` }, d.bot) : DASH),
          h("span", null, "Time ", h("b", null, utc(d.ts, true))),
          answer?.action ? h("span", null, "Action ", h("b", null, plain(answer.action))) : null,
          d.outcome ? h("span", null, "Outcome ", h("b", null, plain(d.outcome))) : null,
          d.model ? h("span", null, "Model ", h("b", null, plain(d.model))) : null,
          num(d.cost) !== null ? h("span", null, "Cost ", h("b", null, money(d.cost))) : null),
        d.notes ? h("p", null, plain(d.notes)) : null,
        h("pre", null, pretty(d.decision))),
      h("div", { class: "trace-step" }, h("h3", null, `Orders (${orders.length})`), table([
        { label: "Time", render: (o) => timeEl(o.ts) },
        { label: "Symbol", render: (o) => plain(o.symbol) },
        { label: "Side", render: (o) => h("span", { class: o.side === "buy" ? "pos" : o.side === "sell" ? "neg" : null }, plain(o.side)) },
        { label: "Type", render: (o) => plain(o.type) },
        { label: "Qty", num: true, render: (o) => quantity(o.qty ?? o.quantity) },
        { label: "Price", num: true, render: (o) => price(o.price) },
        { label: "Filled", num: true, render: (o) => quantity(o.filled_quantity) },
        { label: "Avg fill price", num: true, render: (o) => price(o.average_price) },
        { label: "Status", render: (o) => plain(o.status) },
      ], orders, { empty: "This decision placed no order." })),
      h("div", { class: "trace-step" }, h("h3", null, `Fills (${fills.length})`), fillsTable(fills, currency),
        fills.some((f) => f.round_trip_id != null)
          ? h("div", { class: "facts", style: "margin-top:6px" }, "Round trips: ", [...new Set(fills.map((f) => f.round_trip_id).filter((x) => x != null))].map((rt) => h("button", { class: "link", type: "button", onclick: () => openTrace(() => roundTripTrace(rt), `Round trip ${rt}`) }, `#${rt}`)))
          : null),
      h("div", { class: "trace-step realized" }, h("h3", null, "Realized P&L of these fills"),
        h("div", { class: "kpi", style: "display:inline-block;min-width:180px" }, h("div", { class: `v ${signClass(doc?.realized_pnl)}` }, doc?.pnl_unknown ? unknown(doc.pnl_unknown) : money(doc?.realized_pnl, currency, true)))));
  } catch (e) {
    return errorBox(e);
  }
}

async function roundTripTrace(id) {
  try {
    const doc = await api(`/round-trips/${enc(id)}`);
    const t = doc?.round_trip || {};
    const currency = store.bots.get(t.bot)?.currency || "";
    const fills = Array.isArray(doc?.fills) ? doc.fills : [];
    const decisions = Array.isArray(doc?.decisions) ? doc.decisions : [];
    return h("div", { class: "trace" },
      h("div", { class: "trace-step" }, h("h3", null, "Round trip"),
        h("div", { class: "facts" },
          h("span", null, "Symbol ", h("b", null, plain(t.symbol))),
          h("span", null, "Direction ", h("b", null, plain(t.direction))),
          h("span", null, "Status ", h("b", null, plain(t.status))),
          h("span", null, "Opened ", h("b", null, utc(t.opened_at))),
          h("span", null, "Closed ", h("b", null, t.closed_at ? utc(t.closed_at) : "open")),
          h("span", null, "Max qty ", h("b", null, quantity(t.max_quantity))),
          h("span", null, "Realized ", h("b", { class: signClass(t.realized_pnl) }, t.pnl_unknown ? unknown(t.pnl_unknown) : money(t.realized_pnl, currency, true))),
          h("span", null, "Fees ", h("b", null, t.pnl_unknown ? unknown(t.pnl_unknown) : money(t.fees, currency))))),
      h("div", { class: "trace-step" }, h("h3", null, `Fills (${fills.length})`), fillsTable(fills, currency)),
      h("div", { class: "trace-step" }, h("h3", null, `Decisions behind it (${decisions.length})`),
        decisions.length
          ? table([
            { label: "Time", render: (d) => timeEl(d.ts) },
            { label: "Decision", render: (d) => { const a = asObject(d.decision); return a?.action ? h("span", { class: `action ${a.action}` }, plain(a.action)) : plain(d.decision).slice(0, 80); } },
            { label: "Notes", render: (d) => plain(d.notes ?? "").slice(0, 140) },
            { label: "Model", render: (d) => plain(d.model ?? "") },
            { label: "", render: (d) => h("button", { class: "link", type: "button", onclick: (e) => { e.stopPropagation(); openTrace(() => decisionTrace(d.id), "Decision trace"); } }, "Trace →") },
          ], decisions)
          : h("span", { class: "muted" }, "No recorded decision led to these fills.")));
  } catch (e) {
    return errorBox(e);
  }
}

// ---- Leaderboard -------------------------------------------------------------------------------

const METRIC_COLUMNS = [
  { key: "return", label: "Return", sort: "return", render: (m) => h("span", { class: signClass(m.return) }, percent(m.return, true)) },
  { key: "total_pnl", label: "P&L", sort: "pnl", pnl: true, render: (m) => pnlOr(m.pnl_unknown?.reason, m.total_pnl ?? m.realized_pnl, m.currency) },
  { key: "win_rate", label: "Win rate", sort: "win_rate", pnl: true, render: (m) => (m.pnl_unknown ? unknown(m.pnl_unknown.reason) : percent(m.win_rate)) },
  { key: "profit_factor", label: "Profit factor", sort: "profit_factor", pnl: true, render: (m) => (m.pnl_unknown ? unknown(m.pnl_unknown.reason) : ratio(m.profit_factor)) },
  { key: "max_drawdown", label: "Max drawdown", sort: "max_drawdown", render: (m) => percent(m.max_drawdown), ascending: true },
  { key: "sharpe", label: "Sharpe", sort: "sharpe", render: (m) => ratio(m.sharpe) },
  { key: "sortino", label: "Sortino", sort: "sortino", render: (m) => ratio(m.sortino) },
  { key: "trades", label: "Trades", sort: "trades", render: (m) => integer(m.trades) },
];

function leaderboardView(root, params, query) {
  const state = { mode: query.get("mode") || "", sort: query.get("sort") || "return", annualization: query.get("annualization") || "365" };
  const chips = h("div", { class: "chips", role: "group", "aria-label": "Mode" });
  const chart = h("section", { class: "panel" });
  const body = h("section", { class: "panel" });
  root.append(pageHead("Leaderboard", h("span", { class: "spacer" }), h("div", { class: "toolbar" }, chips,
    h("label", { class: "muted", title: "Periods in a year for Sharpe, Sortino and CAGR" }, "Annualize ", h("select", {
      onchange: (e) => { state.annualization = e.target.value; sync(); load(); },
    }, [["365", "365 (crypto)"], ["252", "252 (stocks)"]].map(([v, l]) => h("option", { value: v, selected: state.annualization === v }, l)))))), chart, body);

  function sync() { setQuery("/leaderboard", { mode: state.mode, sort: state.sort === "return" ? "" : state.sort, annualization: state.annualization === "365" ? "" : state.annualization }); }

  function renderChips() {
    if (!state.mode && store.loaded) {
      const present = new Set([...store.bots.values()].map((b) => b.mode));
      state.mode = MODES.find((m) => present.has(m)) || "paper";
    }
    replace(chips, MODES.map((m) => h("button", { class: "chip", type: "button", "aria-pressed": String(state.mode === m), onclick: () => { state.mode = m; sync(); renderChips(); load(); } }, m)));
  }

  let generation = 0;
  async function load() {
    const mine = ++generation;
    try {
      const doc = await api("/leaderboard", { mode: state.mode, sort: state.sort, annualization: state.annualization });
      if (mine !== generation) return;
      render(doc);
    } catch (e) {
      if (mine !== generation) return;
      replace(chart);
      replace(body, h("div", { "data-testid": "leaderboard-table" }, errorBox(e)));
    }
  }

  function render(doc) {
    const defs = doc?.definitions && typeof doc.definitions === "object" ? doc.definitions : {};
    const column = METRIC_COLUMNS.find((c) => c.sort === state.sort) || METRIC_COLUMNS[0];
    // The server ranks; the page keeps its order, with bots that lack the metric last.
    const rows = items(doc);
    const value = (m) => num(column.key === "total_pnl" ? (m.total_pnl ?? m.realized_pnl) : m[column.key]);
    const ranked = [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === null && y === null) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return column.ascending ? x - y : y - x;
    });
    const cols = [
      { label: "#", render: (m) => h("span", { class: "rank" }, String(ranked.indexOf(m) + 1)) },
      { label: "Bot", render: (m) => h("a", { href: `#/bots/${enc(m.bot)}` }, plain(m.bot)) },
      ...METRIC_COLUMNS.map((c) => ({ ...c, num: true, info: infoButton(c.label, defs[c.key] ?? (c.key === "total_pnl" ? defs.pnl : undefined)) })),
    ];
    const currencies = [...new Set(ranked.map((m) => m.currency).filter(Boolean))];
    const chartRows = ranked.map((m) => {
      const v = value(m);
      // A figure made of fill prices is "unknown" for a bot flagged for fills without a price.
      const text = column.pnl && m.pnl_unknown ? "unknown"
        : column.key === "return" || column.key === "win_rate" || column.key === "max_drawdown" ? percent(v, column.key === "return")
        : column.key === "total_pnl" ? money(v, m.currency, true) : column.key === "trades" ? integer(v) : ratio(v);
      return { label: String(m.bot), value: column.key === "total_pnl" && currencies.length > 1 ? null : v, text };
    });
    replace(chart, h("div", { class: "panel-head" }, h("h2", null, `${column.label}, ${state.mode} bots`), h("span", { class: "spacer" }), infoButton(column.label, defs[column.key])), barList(chartRows));
    replace(body, table(cols, ranked, {
      testid: "leaderboard-table",
      empty: `No ${state.mode} bots.`,
      sorted: { key: state.sort, dir: column.ascending ? "asc" : "desc" },
      onSort: (key) => { state.sort = key; sync(); load(); },
    }), h("p", { class: "chart-note" }, "Click a column to rank by it, and its i for how it is computed. A dash means the history is too short to compute the figure; unknown means some of the bot's fills have no price. Modes are ranked apart, never together."));
  }

  const refresh = coalesce(() => { if (openPopover) refresh("x"); else load(); }, 3000, 8000);
  renderChips();
  if (state.mode) load(); else replace(body, h("p", { class: "loading" }, "Loading bots"));
  return {
    onBots(change) {
      if (change.type === "all" && generation === 0) { renderChips(); if (state.mode) load(); }
    },
    onEvent(event) { if (["fill", "snapshot", "cash_flow", "bot"].includes(event.kind) || event.kind === "price_bar") refresh("x"); },
    reload() { load(); },
    destroy() {},
  };
}

// ---- Operations --------------------------------------------------------------------------------

function operationsView(root) {
  const dbPanel = h("section", { class: "panel" });
  const schemaPanel = h("section", { class: "panel" });
  const healthPanel = h("section", { class: "panel" });
  const streamPanel = h("section", { class: "panel" });
  const importsPanel = h("section", { class: "panel" });
  root.append(pageHead("Operations", h("span", { class: "spacer" }), h("button", { type: "button", onclick: () => load() }, "Refresh")),
    h("div", { class: "ops-grid" }, dbPanel, schemaPanel, healthPanel, streamPanel), importsPanel);
  let serverEvents = null;

  function verdict(text, good) {
    return h("span", { class: `verdict ${good === true ? "good" : good === false ? "bad" : "meh"}` }, text);
  }

  function integrityView(integrity) {
    if (integrity == null) return DASH;
    if (typeof integrity === "string") return verdict(integrity, integrity.toLowerCase() === "ok");
    const problems = Array.isArray(integrity.problems) ? integrity.problems : [];
    if (integrity.checked === false) return verdict("not checked", undefined);
    const ok = integrity.ok ?? (typeof integrity.status === "string" ? integrity.status.toLowerCase() === "ok" : problems.length === 0);
    return h("span", null, verdict(ok ? "ok" : "problems found", ok),
      problems.length ? h("ul", { class: "warnings", style: "margin-top:6px" }, problems.map((p) => h("li", null, plain(p)))) : null);
  }

  // One read at a time: the 15 s timer and an import event could otherwise answer out of order.
  const load = serial(async () => {
    const [status, live, ready] = await Promise.all([
      api("/status").catch((e) => ({ error: e })),
      healthCheck("/health/live"),
      healthCheck("/health/ready"),
    ]);
    if (status.error) {
      replace(dbPanel, h("h2", null, "Database"), errorBox(status.error));
      replace(schemaPanel, h("h2", null, "Schema"), errorBox(status.error));
    } else {
      const db = status.database || {};
      replace(dbPanel, h("h2", null, "Database"), dl([
        ["In use", h("span", { class: "mono" }, plain(db.display))],
        ["Engine", plain(db.engine)],
        ["Why this one", plain(db.rule)],
        ["Engine version", plain(status.engine_version ?? db.engine_version)],
        num(db.size_bytes) !== null ? ["Size", `${fmt({ maximumFractionDigits: 1 }).format(num(db.size_bytes) / 1048576)} MiB`] : null,
        num(db.free_disk_bytes) !== null ? ["Free disk", `${fmt({ maximumFractionDigits: 1 }).format(num(db.free_disk_bytes) / 1073741824)} GiB`] : null,
      ]));
      const schema = status.schema || {};
      const drift = Array.isArray(schema.drift) ? schema.drift : [];
      const problems = Array.isArray(schema.problems) ? schema.problems : [];
      const version = schema.version ?? schema.current_version;
      const expected = schema.expected ?? schema.latest_version;
      const current = typeof schema.is_current === "boolean" ? schema.is_current : num(version) !== null && num(expected) !== null ? num(version) === num(expected) : undefined;
      replace(schemaPanel, h("h2", null, "Schema and integrity"), dl([
        ["Version", h("span", null, `${plain(version)} of ${plain(expected)} `, current === undefined ? null : verdict(current ? "current" : num(version) > num(expected) ? "newer than this server" : "behind", current))],
        ["Drift", drift.length === 0 ? verdict("none", true) : h("ul", { class: "warnings" }, drift.map((d) => h("li", null, plain(d))))],
        problems.length ? ["Migrations", h("ul", { class: "warnings" }, problems.map((d) => h("li", null, plain(d))))] : null,
        ["Integrity", integrityView(status.integrity)],
      ]));
      serverEvents = status.events || null;
      renderImports(Array.isArray(status.import_batches) ? status.import_batches : []);
    }
    replace(healthPanel, h("h2", null, "Health"), dl([
      ["Live", live.view],
      ["Ready", ready.view],
      ["Checked", utc(new Date().toISOString(), true)],
    ]));
    renderStream();
  });

  async function healthCheck(path) {
    try {
      const res = await fetch(path, { cache: "no-store" });
      let text = "";
      try { text = (await res.text()).trim(); } catch { /* empty body */ }
      let detail = text;
      try { const j = JSON.parse(text); detail = j.status || j.detail || text; } catch { /* plain text */ }
      const said = detail && detail.length < 200 && detail.toLowerCase() !== "healthy" ? ` ${detail}` : "";
      return { view: h("span", null, verdict(res.ok ? "healthy" : `${res.status}`, res.ok), said) };
    } catch {
      return { view: verdict("unreachable", false) };
    }
  }

  function renderStream() {
    replace(streamPanel, h("h2", null, "Event stream"), dl([
      ["This page", verdict(stream.state, stream.state === "live" ? true : stream.state === "offline" ? false : undefined)],
      ["Last event id", stream.lastId != null ? plain(stream.lastId) : DASH],
      ["Events received", integer(stream.received)],
      ["Reconnections", integer(stream.reconnects)],
      ["Resets", integer(stream.resets)],
      ["Server's last id", serverEvents ? plain(serverEvents.last_id) : DASH],
      ["Clients connected", serverEvents ? plain(serverEvents.clients) : DASH],
    ]));
  }

  function renderImports(batches) {
    replace(importsPanel, h("div", { class: "panel-head" }, h("h2", null, "Import batches"), h("span", { class: "spacer" }), h("span", { class: "muted" }, "newest first")), table([
      { label: "Batch", render: (b) => plain(b.id) },
      { label: "Source", render: (b) => h("span", { class: "mono" }, plain(b.source)) },
      { label: "Format", render: (b) => plain(b.format) },
      { label: "Started", render: (b) => timeEl(b.started_at) },
      { label: "Finished", render: (b) => (b.finished_at ? timeEl(b.finished_at) : DASH) },
      { label: "State", render: (b) => plain(b.status) },
      { label: "Verdict", render: (b) => (b.verdict != null ? plain(b.verdict) : b.verified === true ? verdict("verified", true) : b.verified === false ? verdict("NOT verified", false) : DASH) },
      { label: "Inserted", render: (b) => (b.inserted && typeof b.inserted === "object" ? Object.entries(b.inserted).map(([k, v]) => `${integer(v)} ${k}`).join(", ") || "nothing" : plain(b.inserted)) },
    ], batches, { empty: "No imports yet: tradebook import SOURCE brings legacy bot data in." }));
  }

  const refresh = coalesce(() => load(), 1000, 3000);
  const timer = setInterval(load, 15000);
  load();
  return {
    onEvent(event) { if (event.kind === "import" || event.kind === "rollback") refresh("x"); },
    onStream() { renderStream(); },
    reload() { load(); },
    destroy() { clearInterval(timer); },
  };
}

// ---------------------------------------------------------------------------------------------
// Router

const routes = [
  { name: "overview", pattern: /^\/?$/, view: overviewView, title: "Overview" },
  { name: "portfolio", pattern: /^\/portfolio\/?$/, view: portfolioView, title: "Portfolio" },
  { name: "leaderboard", pattern: /^\/leaderboard\/?$/, view: leaderboardView, title: "Leaderboard" },
  { name: "operations", pattern: /^\/operations\/?$/, view: operationsView, title: "Operations" },
  { name: "bot", pattern: /^\/bots\/([^/]+)\/?$/, view: botView, title: null, params: (m) => ({ name: decodeURIComponent(m[1]) }) },
];

let unsubscribe = null;

function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, qs] = hash.split("?");
  const query = new URLSearchParams(qs || "");
  currentView?.destroy?.();
  unsubscribe?.();
  closePopover();
  const root = document.getElementById("view");
  replace(root);
  let match = null;
  const r = routes.find((x) => (match = x.pattern.exec(path)));
  for (const a of document.querySelectorAll(".topbar nav a")) {
    a.classList.toggle("active", a.dataset.route === (r?.name === "bot" ? "overview" : r?.name));
    if (a.dataset.route === r?.name) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  if (!r) {
    currentView = null;
    root.append(pageHead("Not found"), h("div", { class: "notice" }, "There is no such page. ", h("a", { href: "#/" }, "Go to the overview")));
    document.title = "Tradebook";
    return;
  }
  const params = r.params ? r.params(match) : {};
  document.title = `${r.title || params.name} · Tradebook`;
  try {
    currentView = r.view(root, params, query);
  } catch (error) {
    console.warn(error);
    currentView = null;
    root.append(errorBox(error));
    return;
  }
  unsubscribe = store.subscribe((change) => currentView?.onBots?.(change));
}

// ---------------------------------------------------------------------------------------------
// Theme: the system's by default; the toggle goes system → light → dark, remembered in this browser.

const THEMES = ["system", "light", "dark"];

function currentTheme() {
  try { return localStorage.getItem("tradebook.theme") || "system"; } catch { return "system"; }
}

function applyTheme(theme) {
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  const button = document.getElementById("theme-toggle");
  if (button) {
    button.textContent = theme === "light" ? "☀" : theme === "dark" ? "☾" : "◐";
    button.title = `Theme: ${theme === "system" ? "follow the system" : theme}`;
  }
}

function setupTheme() {
  applyTheme(currentTheme());
  document.getElementById("theme-toggle")?.addEventListener("click", () => {
    const next = THEMES[(THEMES.indexOf(currentTheme()) + 1) % THEMES.length];
    try { localStorage.setItem("tradebook.theme", next); } catch { /* not remembered */ }
    applyTheme(next);
    route(); // charts take their colours when drawn
  });
  window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener?.("change", () => { if (currentTheme() === "system") route(); });
}

// Relative times ("3 min ago") stay true without re-rendering.
setInterval(() => {
  for (const el of document.querySelectorAll("time[data-ago]")) {
    const text = ago(el.dataset.ago);
    if (el.textContent !== text) el.textContent = text;
  }
}, 10000);

function start() {
  setupTheme();
  window.addEventListener("hashchange", route);
  route();
  loadBots();
  connectStream();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
