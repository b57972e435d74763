// The map: every state coloured by its duty to arrest the chosen person on the chosen day (hatched where a
// Security Council travel ban also obliges it to prevent entry or transit), the person's trips that matter
// on that day as markers (planned, under way, over, cancelled), and great-circle routes. Drawn on SVG from
// the app's own GeoJSON: no tiles, no third-party code. Plate carrée: x = longitude, y = -latitude.
// Each state is a link a keyboard reaches with Tab; Enter opens its page.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const NORTH = 84, SOUTH = -60;
const DAY_MS = 86400000;
const RECENT_DAYS = 30; // a trip over (or called off) more than this before the chosen day is not shown
const PHASES = { planned: "planned", under_way: "under way", over: "over", cancelled: "cancelled" };
const $ = (id) => document.getElementById(id);
const state = { paths: new Map(), names: new Map(), layers: {}, trips: [] };

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function ringPath(ring) {
  return "M" + ring.map(([x, y]) => x.toFixed(2) + "," + (-y).toFixed(2)).join("L") + "Z";
}

function shapePath(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => rings.map(ringPath).join("")).join("");
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail ? String(body.detail) : response.status + " " + response.statusText);
  return body;
}

function hatch(svg) {
  const pattern = el("pattern", { id: "ban-hatch", patternUnits: "userSpaceOnUse", width: 1.6, height: 1.6,
                                  patternTransform: "rotate(45)" }, el("defs", {}, svg));
  el("rect", { x: 0, y: 0, width: 0.6, height: 1.6, class: "ban-stripe" }, pattern);
}

function openState(code) {
  window.location.href = "/states/" + encodeURIComponent(code);
}

async function drawWorld() {
  const world = await getJSON("/api/world");
  const svg = el("svg", { viewBox: `-180 ${-NORTH} 360 ${NORTH - SOUTH}`, role: "group",
                          "aria-label": "World map: each state is a link to its page",
                          preserveAspectRatio: "xMidYMid meet" });
  hatch(svg);
  const land = el("g", { class: "land" }, svg);
  const features = [...world.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name));
  for (const f of features) { // in the order of their names, the order Tab visits them
    const code = f.properties.state;
    const path = el("path", { d: shapePath(f.geometry), class: "state duty-none", "data-state": code,
                              tabindex: 0, role: "link", "aria-label": f.properties.name }, land);
    el("title", {}, path).textContent = f.properties.name;
    path.addEventListener("click", () => openState(code));
    path.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); openState(code); }
    });
    path.addEventListener("mouseenter", () => describe(code));
    path.addEventListener("focus", () => describe(code));
    state.paths.set(code, path);
    state.names.set(code, f.properties.name);
  }
  state.layers.bans = el("g", { class: "bans", "aria-hidden": "true" }, svg);
  state.layers.route = el("g", { class: "routes" }, svg);
  state.layers.markers = el("g", { class: "markers" }, svg);
  $("map").replaceChildren(svg);
}

function banText(ban) {
  return `must prevent entry or transit (UN Security Council travel ban, ${ban.regime}, ${ban.reference})`;
}

function dutyText(duty) {
  const arrest = duty.strength === "none" ? "no duty to arrest" : `duty to arrest: ${duty.strength}`;
  return arrest + (duty.travel_ban ? `; ${banText(duty.travel_ban)}` : "");
}

function describe(code) {
  const duty = state.duties && state.duties.get(code);
  $("hovered").textContent = duty ? `${duty.name}: ${dutyText(duty)}. ${duty.explanation || ""}`
                                  : state.names.get(code) || "";
}

function chosen() {
  return { person: $("person").value, day: $("date").value };
}

async function colour() {
  const { person, day } = chosen();
  const ticket = (state.ticket = (state.ticket || 0) + 1);
  $("map-status").textContent = "Loading duties…";
  const rows = await getJSON(`/api/states?person=${encodeURIComponent(person)}&date=${encodeURIComponent(day)}`);
  if (ticket !== state.ticket) return; // a later choice is being drawn already
  state.duties = new Map(rows.map((r) => [r.state, r]));
  let binding = 0;
  const banned = [];
  state.layers.bans.replaceChildren();
  for (const [code, path] of state.paths) {
    const duty = state.duties.get(code) || { strength: "none" };
    path.setAttribute("class", "state duty-" + duty.strength);
    path.setAttribute("data-strength", duty.strength);
    path.setAttribute("aria-label", `${state.names.get(code)}: ${dutyText(duty)}`);
    path.toggleAttribute("data-travel-ban", Boolean(duty.travel_ban));
    if (duty.strength === "binding") binding += 1;
    if (duty.travel_ban) {
      banned.push(duty.travel_ban);
      el("path", { d: path.getAttribute("d"), class: "ban", "data-state": code }, state.layers.bans);
    }
  }
  $("person-name").textContent = $("person").selectedOptions[0].textContent;
  $("day-shown").textContent = day;
  $("map").dataset.day = day;
  const why = binding ? "" : " " + ((rows.find((r) => r.strength === "none") || {}).explanation || "");
  const ban = banned.length ? ` ${banned.length} states ${banText(banned[0])}.` : "";
  $("ban-legend").hidden = !banned.length;
  $("map-status").textContent = `${binding} states must arrest on ${day}.${ban}${why}`;
  history.replaceState(null, "", `/?person=${encodeURIComponent(person)}&date=${encodeURIComponent(day)}`);
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function daysFrom(first, second) {
  return Math.round((new Date(second + "T00:00:00Z") - new Date(first + "T00:00:00Z")) / DAY_MS);
}

// What a trip is on `day`, or null if it does not matter then: not yet reported, over or called off more
// than RECENT_DAYS before, or an undated plan that expired.
function phaseOn(trip, day) {
  if (trip.first_seen.slice(0, 10) > day || trip.status === "expired") return null;
  const start = trip.expected_start, end = trip.expected_end || trip.expected_start;
  const recent = (since) => daysFrom(since, day) <= RECENT_DAYS;
  if (trip.status === "cancelled" || trip.status === "denied") {
    return recent(end || trip.last_seen.slice(0, 10)) ? "cancelled" : null;
  }
  if (!start) { // undated: what the reports say, while they are recent
    if (!recent(trip.last_seen.slice(0, 10))) return null;
    return trip.status === "under_way" || trip.status === "over" ? trip.status : "planned";
  }
  if (day < start) return "planned";
  if (day <= end) return "under_way";
  return recent(end) ? "over" : null;
}

function marker(phase, x, y, parent) {
  const at = { "data-phase": phase, class: "marker phase-" + phase.replace("_", "-") };
  if (phase === "cancelled") {
    const r = 1.6;
    return el("path", { ...at, d: `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}` }, parent);
  }
  return el("circle", { ...at, cx: x, cy: y, r: phase === "over" ? 1.3 : 1.8 }, parent);
}

async function episodes() {
  const { person } = chosen();
  const data = await getJSON(`/api/episodes?person=${encodeURIComponent(person)}&limit=200`);
  state.trips = data.features;
  drawTrips();
}

function drawTrips() {
  const { day } = chosen();
  const list = $("episodes");
  list.replaceChildren();
  state.layers.markers.replaceChildren();
  let shown = 0;
  for (const f of state.trips) {
    const e = f.properties;
    const phase = phaseOn(e, day);
    if (!phase) continue;
    shown += 1;
    if (f.geometry) {
      const [x, y] = f.geometry.coordinates;
      const dot = marker(phase, x, -y, state.layers.markers);
      dot.setAttribute("data-episode", e.episode);
      el("title", {}, dot).textContent = `${e.title} (${PHASES[phase]} on ${day}): ${e.sources.length} source(s)`;
      dot.addEventListener("click", () => { window.location.href = "/episodes/" + e.episode; });
    }
    const item = document.createElement("li");
    item.dataset.phase = phase;
    const label = document.createElement("span");
    label.className = "phase phase-" + phase.replace("_", "-");
    label.textContent = PHASES[phase];
    item.append(label, " ", link("/episodes/" + e.episode, e.title));
    const sources = document.createElement("ul");
    for (const s of e.sources) {
      const li = document.createElement("li");
      const a = link(s.url, s.title || s.url);
      a.rel = "noopener noreferrer nofollow";
      li.append(a, " " + (s.outlet || ""));
      sources.appendChild(li);
    }
    item.appendChild(sources);
    list.appendChild(item);
  }
  $("trips-day").textContent = day;
  if (!shown) list.textContent = `No reported trip of this person matters on ${day}.`;
}

async function route(event) {
  if (event) event.preventDefault();
  const { person, day } = chosen();
  const from = $("route-from").value, to = $("route-to").value;
  $("route-status").textContent = "Drawing the route…";
  const q = new URLSearchParams({ from, to, person, date: day });
  state.layers.route.replaceChildren(); // an old route never stays beside a new question
  $("route-states").replaceChildren();
  let body;
  try {
    body = await getJSON("/api/route?" + q.toString());
  } catch (error) {
    $("route-status").textContent = "No route: " + error.message;
    return;
  }
  const lines = body.geometry.type === "LineString" ? [body.geometry.coordinates] : body.geometry.coordinates;
  for (const line of lines) {
    const points = line.map(([x, y]) => x.toFixed(3) + "," + (-y).toFixed(3)).join(" ");
    el("polyline", { points, class: "route" }, state.layers.route);
  }
  const crossed = new Map(); // a state entered twice is one state, with the km of both crossings
  for (const s of body.states) {
    const seen = crossed.get(s.state);
    if (seen) seen.km += s.km;
    else crossed.set(s.state, { ...s });
  }
  const list = $("route-states");
  for (const s of crossed.values()) {
    const li = document.createElement("li");
    li.dataset.state = s.state;
    li.dataset.km = Math.round(s.km);
    const badge = document.createElement("span");
    badge.className = "badge duty-" + (s.strength || "none");
    badge.textContent = s.strength ? (s.strength === "none" ? "no duty to arrest" : s.strength) : "";
    li.append(link("/states/" + s.state, s.name || s.state), ` ${Math.round(s.km)} km`);
    if (s.strength) li.append(badge);
    if (s.travel_ban) {
      const ban = document.createElement("span");
      ban.className = "badge ban-badge";
      ban.textContent = "must prevent entry or transit";
      ban.title = banText(s.travel_ban);
      li.append(ban);
    }
    list.appendChild(li);
  }
  $("route-status").textContent =
    `${body.from} → ${body.to}: ${Math.round(body.total_km)} km over ${crossed.size} state(s).`;
}

function dayOf(offset) {
  const first = new Date($("slider").dataset.first + "T00:00:00Z");
  return new Date(first.getTime() + offset * 86400000).toISOString().slice(0, 10);
}

function offsetOf(day) {
  const first = new Date($("slider").dataset.first + "T00:00:00Z");
  return Math.round((new Date(day + "T00:00:00Z") - first) / 86400000);
}

function failed(error) {
  $("map-status").textContent = "Could not load the map: " + error.message;
}

async function start() {
  await drawWorld();
  await colour();
  await episodes();
  $("map").dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", () => {
  $("person").addEventListener("change", () => { colour().then(episodes).catch(failed); });
  $("date").addEventListener("change", () => {
    if (!$("date").value) return;
    $("slider").value = offsetOf($("date").value);
    colour().then(drawTrips).catch(failed);
  });
  $("slider").addEventListener("input", () => { $("date").value = dayOf(Number($("slider").value)); });
  $("slider").addEventListener("change", () => { colour().then(drawTrips).catch(failed); });
  $("route-form").addEventListener("submit", (e) => { route(e).catch(failed); });
  start().catch(failed);
});
