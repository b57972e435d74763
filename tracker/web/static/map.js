// The map: every state coloured by its duty to arrest the chosen person on the chosen day, the person's
// reported trips as markers, and great-circle routes. Drawn on SVG from the app's own GeoJSON: no tiles,
// no third-party code. Plate carrée: x = longitude, y = -latitude.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const NORTH = 84, SOUTH = -60;
const $ = (id) => document.getElementById(id);
const state = { paths: new Map(), names: new Map(), layers: {} };

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

async function drawWorld() {
  const world = await getJSON("/api/world");
  const svg = el("svg", { viewBox: `-180 ${-NORTH} 360 ${NORTH - SOUTH}`, role: "img",
                          preserveAspectRatio: "xMidYMid meet" });
  const land = el("g", { class: "land" }, svg);
  for (const f of world.features) {
    const code = f.properties.state;
    const path = el("path", { d: shapePath(f.geometry), class: "state duty-none", "data-state": code }, land);
    el("title", {}, path).textContent = f.properties.name;
    path.addEventListener("click", () => { window.location.href = "/states/" + encodeURIComponent(code); });
    path.addEventListener("mouseenter", () => describe(code));
    state.paths.set(code, path);
    state.names.set(code, f.properties.name);
  }
  state.layers.route = el("g", { class: "routes" }, svg);
  state.layers.markers = el("g", { class: "markers" }, svg);
  $("map").replaceChildren(svg);
}

function describe(code) {
  const duty = state.duties && state.duties.get(code);
  $("hovered").textContent = duty ? `${duty.name}: ${duty.strength}. ${duty.explanation}` : state.names.get(code) || "";
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
  for (const [code, path] of state.paths) {
    const strength = (state.duties.get(code) || {}).strength || "none";
    path.setAttribute("class", "state duty-" + strength);
    path.setAttribute("data-strength", strength);
    if (strength === "binding") binding += 1;
  }
  $("person-name").textContent = $("person").selectedOptions[0].textContent;
  $("day-shown").textContent = day;
  $("map").dataset.day = day;
  const why = binding ? "" : " " + ((rows.find((r) => r.strength === "none") || {}).explanation || "");
  $("map-status").textContent = `${binding} states must arrest on ${day}.${why}`;
  history.replaceState(null, "", `/?person=${encodeURIComponent(person)}&date=${encodeURIComponent(day)}`);
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

async function episodes() {
  const { person } = chosen();
  const data = await getJSON(`/api/episodes?person=${encodeURIComponent(person)}&limit=200`);
  const list = $("episodes");
  list.replaceChildren();
  state.layers.markers.replaceChildren();
  for (const f of data.features) {
    const e = f.properties;
    if (f.geometry) {
      const [x, y] = f.geometry.coordinates;
      const dot = el("circle", { cx: x, cy: -y, r: 1.6, class: "marker", "data-episode": e.episode },
                     state.layers.markers);
      el("title", {}, dot).textContent = `${e.title}: ${e.sources.length} source(s)`;
      dot.addEventListener("click", () => { window.location.href = "/episodes/" + e.episode; });
    }
    const item = document.createElement("li");
    item.appendChild(link("/episodes/" + e.episode, e.title));
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
  if (!data.features.length) list.textContent = "No reported trip.";
}

async function route(event) {
  if (event) event.preventDefault();
  const { person, day } = chosen();
  const from = $("route-from").value, to = $("route-to").value;
  $("route-status").textContent = "Drawing the route…";
  const q = new URLSearchParams({ from, to, person, date: day });
  let body;
  try {
    body = await getJSON("/api/route?" + q.toString());
  } catch (error) {
    $("route-status").textContent = "No route: " + error.message;
    return;
  }
  const lines = body.geometry.type === "LineString" ? [body.geometry.coordinates] : body.geometry.coordinates;
  state.layers.route.replaceChildren();
  for (const line of lines) {
    const points = line.map(([x, y]) => x.toFixed(3) + "," + (-y).toFixed(3)).join(" ");
    el("polyline", { points, class: "route" }, state.layers.route);
  }
  const list = $("route-states");
  list.replaceChildren();
  for (const s of body.states) {
    const li = document.createElement("li");
    li.dataset.state = s.state;
    const badge = document.createElement("span");
    badge.className = "badge duty-" + (s.strength || "none");
    badge.textContent = s.strength || "none";
    li.append(link("/states/" + s.state, s.name || s.state), ` ${Math.round(s.km)} km`, badge);
    list.appendChild(li);
  }
  $("route-status").textContent = `${body.from} → ${body.to}: ${Math.round(body.total_km)} km over ${body.states.length} state(s).`;
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
    colour().catch(failed);
  });
  $("slider").addEventListener("input", () => { $("date").value = dayOf(Number($("slider").value)); });
  $("slider").addEventListener("change", () => { colour().catch(failed); });
  $("route-form").addEventListener("submit", (e) => { route(e).catch(failed); });
  start().catch(failed);
});
