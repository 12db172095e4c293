// The map page, made to move: pan, zoom, places grouped by zoom level, and a popup with each place's
// evidence. It works on what the server drew: the picture (figure.map, whose data-* attributes give its
// projection) and the list of places below it (one <li> per place, with its point, precision, counts and
// quotes). Without this script the page shows both as they are.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var GROUP_PX = 24; // markers closer than this on screen are drawn as one group
  var MAX_ZOOM = 64;
  var STEP = 1.5; // one wheel notch, button press or key
  var ADMIN1_ZOOM = 1.5; // province lines show from this zoom on
  var LABEL_PX = 11;
  // How each precision is drawn, as the server draws it (export/maps.py): a solid dot for a town, a pale
  // disc with a ring for an area's centre, an open ring for a place drawn at what contains it.
  var LOOKS = {
    town: {fill: "#c0392b", opacity: 0.75, stroke: "#fff", width: 1, dash: null, grow: 0},
    district: {fill: "#fff", opacity: 0.75, stroke: "#c0392b", width: 1.8, dash: null, grow: 2},
    province: {fill: "#fff", opacity: 0.75, stroke: "#c0392b", width: 1.8, dash: [4, 2], grow: 2},
    region: {fill: "#fff", opacity: 0.75, stroke: "#c0392b", width: 1.8, dash: [4, 2], grow: 2},
    country: {fill: "#fff", opacity: 0.75, stroke: "#c0392b", width: 1.8, dash: [1.5, 2.5], grow: 2},
    approximate: {fill: "none", opacity: 1, stroke: "#c0392b", width: 1.5, dash: [2, 2], grow: 1}
  };

  var figure = document.querySelector("figure.map");
  var svg = figure && figure.querySelector("svg");
  if (!svg) return;
  var data = figure.dataset;
  var frame = {west: +data.west, north: +data.north, xScale: +data.xScale, yScale: +data.yScale};
  var box = svg.viewBox.baseVal;
  var home = {x: box.x, y: box.y, w: box.width, h: box.height};
  var view = {x: home.x, y: home.y, w: home.w, h: home.h};
  var places = Array.prototype.map.call(document.querySelectorAll("ul.map-places > li"), function (li) {
    return {
      li: li,
      name: li.querySelector(".place-name").textContent,
      x: (+li.dataset.lon - frame.west) * frame.xScale,
      y: (frame.north - +li.dataset.lat) * frame.yScale,
      weight: +li.dataset.weight || 1,
      precision: LOOKS[li.dataset.precision] ? li.dataset.precision : "town"
    };
  });
  var countryLabels = svg.querySelectorAll(".country-label");
  var credit = svg.querySelector(".credit");
  // The server's markers and labels give way to ours, which follow the zoom.
  Array.prototype.forEach.call(svg.querySelectorAll(".place, .place-label"), function (e) { e.remove(); });
  svg.setAttribute("role", "group"); // no longer a still picture: its markers are buttons
  var layer = make("g", {"class": "map-points"});
  svg.appendChild(layer);
  var popup = null;
  var drag = null;

  function make(tag, attributes, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (k) { e.setAttribute(k, attributes[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function zoom() { return home.w / view.w; }

  function radius(weight) { return 3 + 2.5 * Math.sqrt(Math.max(weight, 1) - 1); }

  // Places within GROUP_PX of a heavier one join its group; a group sits at its heaviest place.
  function groups() {
    var reach = GROUP_PX / zoom();
    var cells = new Map();
    var out = [];
    places.slice().sort(function (a, b) { return b.weight - a.weight; }).forEach(function (p) {
      var gx = Math.floor(p.x / reach), gy = Math.floor(p.y / reach), near = null;
      for (var dx = -1; dx <= 1 && !near; dx++) {
        for (var dy = -1; dy <= 1 && !near; dy++) {
          (cells.get((gx + dx) + "," + (gy + dy)) || []).forEach(function (g) {
            if (!near && Math.hypot(g.x - p.x, g.y - p.y) < reach) near = g;
          });
        }
      }
      if (near) {
        near.members.push(p);
        near.weight += p.weight;
        return;
      }
      var group = {x: p.x, y: p.y, members: [p], weight: p.weight};
      out.push(group);
      var key = gx + "," + gy;
      cells.set(key, (cells.get(key) || []).concat([group]));
    });
    return out;
  }

  function inView(g, margin) {
    return g.x > view.x - margin && g.x < view.x + view.w + margin &&
      g.y > view.y - margin && g.y < view.y + view.h + margin;
  }

  function draw() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    var k = 1 / zoom(); // picture units per pixel of the unzoomed picture: sizes stay the same on screen
    figure.classList.toggle("zoomed", zoom() >= ADMIN1_ZOOM);
    Array.prototype.forEach.call(countryLabels, function (t) { t.setAttribute("font-size", 13 * k); });
    if (credit) {
      credit.setAttribute("x", view.x + view.w - 4 * k);
      credit.setAttribute("y", view.y + view.h - 4 * k);
      credit.setAttribute("font-size", 9 * k);
    }
    layer.replaceChildren();
    var labels = [], taken = [];
    groups().filter(function (g) { return inView(g, 40 * k); }).forEach(function (g) {
      if (g.members.length > 1) {
        layer.appendChild(groupMarker(g, k));
        return;
      }
      var p = g.members[0], r = radius(p.weight) + LOOKS[p.precision].grow;
      layer.appendChild(placeMarker(p, r, k));
      var x = p.x + (r + 2) * k, w = 0.6 * LABEL_PX * p.name.length * k;
      var spot = [x, p.y - (LABEL_PX - 4) * k, x + w, p.y + 4 * k];
      if (taken.some(function (b) { return spot[0] < b[2] && b[0] < spot[2] && spot[1] < b[3] && b[1] < spot[3]; })) {
        return; // the label would cover another: the marker's tooltip and the list name it
      }
      taken.push(spot);
      labels.push(make("text", {x: x, y: p.y + 4 * k, "font-size": LABEL_PX * k, "font-family": "sans-serif",
        fill: "#222", "class": "place-label"}, p.name));
    });
    labels.forEach(function (t) { layer.appendChild(t); });
    if (popup) place(popup);
  }

  function placeMarker(p, r, k) {
    var look = LOOKS[p.precision];
    var attributes = {cx: p.x, cy: p.y, r: r * k, fill: look.fill, "fill-opacity": look.opacity,
      stroke: look.stroke, "stroke-width": look.width * k, "class": "place place-" + p.precision,
      tabindex: 0, role: "button", "aria-label": p.name + ": evidence"};
    if (look.dash) attributes["stroke-dasharray"] = look.dash.map(function (d) { return d * k; }).join(" ");
    var c = make("circle", attributes);
    c.appendChild(make("title", {}, p.name + ": " + p.li.querySelector(".count").textContent));
    activate(c, function () { open([p]); });
    return c;
  }

  function groupMarker(g, k) {
    var r = 9 + 2 * Math.sqrt(g.members.length);
    var names = g.members.map(function (p) { return p.name; });
    var marker = make("g", {"class": "cluster", tabindex: 0, role: "button",
      "aria-label": g.members.length + " places: " + names.join(", ") + ". Zoom in"});
    marker.appendChild(make("title", {}, g.members.length + " places: " + names.slice(0, 12).join(", ") +
      (names.length > 12 ? ", …" : "") + ". Click to zoom in"));
    marker.appendChild(make("circle", {cx: g.x, cy: g.y, r: r * k, fill: "#7b241c", "fill-opacity": 0.85,
      stroke: "#fff", "stroke-width": 1.5 * k}));
    marker.appendChild(make("text", {x: g.x, y: g.y + 4 * k, "font-size": LABEL_PX * k, "font-family": "sans-serif",
      "text-anchor": "middle", fill: "#fff"}, String(g.members.length)));
    activate(marker, function () {
      // Places too close to part at any zoom (a town and the district named after it) open together.
      if (zoom() >= MAX_ZOOM || extent(g.members) < GROUP_PX / MAX_ZOOM) open(g.members);
      else zoomTo(g.members);
    });
    return marker;
  }

  function extent(members) {
    var xs = members.map(function (p) { return p.x; }), ys = members.map(function (p) { return p.y; });
    return Math.hypot(Math.max.apply(null, xs) - Math.min.apply(null, xs),
      Math.max.apply(null, ys) - Math.min.apply(null, ys));
  }

  function activate(e, action) {
    e.addEventListener("click", function (event) {
      if (drag && drag.moved) return;
      event.stopPropagation();
      action();
    });
    e.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.stopPropagation();
        action();
      }
    });
  }

  // Views

  function settle() {
    view.w = Math.min(Math.max(view.w, home.w / MAX_ZOOM), home.w);
    view.h = view.w * home.h / home.w;
    view.x = Math.min(Math.max(view.x, home.x), home.x + home.w - view.w);
    view.y = Math.min(Math.max(view.y, home.y), home.y + home.h - view.h);
    draw();
  }

  function zoomAt(factor, cx, cy) {
    var w = Math.min(Math.max(view.w / factor, home.w / MAX_ZOOM), home.w);
    view.x = cx - (cx - view.x) * w / view.w;
    view.y = cy - (cy - view.y) * w / view.w;
    view.w = w;
    settle();
  }

  function zoomBy(factor) { zoomAt(factor, view.x + view.w / 2, view.y + view.h / 2); }

  // Shows a group's places, with room around them, zoomed in at least one step.
  function zoomTo(members) {
    var xs = members.map(function (p) { return p.x; }), ys = members.map(function (p) { return p.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var w = Math.min(Math.max((x1 - x0) * 1.6, (y1 - y0) * 1.6 * home.w / home.h, home.w / MAX_ZOOM), view.w / STEP);
    view.w = w;
    view.h = w * home.h / home.w;
    view.x = (x0 + x1) / 2 - w / 2;
    view.y = (y0 + y1) / 2 - view.h / 2;
    settle();
  }

  function reset() {
    view = {x: home.x, y: home.y, w: home.w, h: home.h};
    settle();
  }

  function pointAt(clientX, clientY) {
    var r = svg.getBoundingClientRect();
    return {x: view.x + (clientX - r.left) / r.width * view.w, y: view.y + (clientY - r.top) / r.height * view.h};
  }

  // Popups

  // A popup at the first of the places, with each one's name, what it lies in, counts and quotes.
  function open(members) {
    close();
    popup = {place: members[0], element: document.createElement("div")};
    var e = popup.element;
    e.className = "map-popup";
    e.setAttribute("role", "dialog");
    e.setAttribute("aria-label", members.map(function (p) { return p.name; }).join(", "));
    var shut = document.createElement("button");
    shut.type = "button";
    shut.className = "close";
    shut.setAttribute("aria-label", "Close");
    shut.textContent = "×";
    shut.addEventListener("click", close);
    e.appendChild(shut);
    members.forEach(function (p) {
      var title = document.createElement("h3");
      title.textContent = p.name;
      e.appendChild(title);
      e.appendChild(p.li.querySelector(".meta").cloneNode(true));
      var quotes = p.li.querySelector(".quotes");
      if (quotes) {
        e.appendChild(quotes.cloneNode(true));
      } else {
        var none = document.createElement("p");
        none.className = "meta";
        none.textContent = "No sentence kept for this place.";
        e.appendChild(none);
      }
    });
    figure.appendChild(e);
    place(popup);
    shut.focus({preventScroll: true});
  }

  function place(shown) {
    var r = svg.getBoundingClientRect(), f = figure.getBoundingClientRect();
    var x = r.left - f.left + (shown.place.x - view.x) / view.w * r.width;
    var y = r.top - f.top + (shown.place.y - view.y) / view.h * r.height;
    var e = shown.element;
    // To the right of the point, or to its left when it would leave the picture.
    e.style.left = Math.max(0, x + 12 + e.offsetWidth > r.width ? x - 12 - e.offsetWidth : x + 12) + "px";
    e.style.top = Math.max(0, Math.min(y - 20, r.height - e.offsetHeight)) + "px";
  }

  function close() {
    if (popup) popup.element.remove();
    popup = null;
  }

  // Controls: buttons, wheel, drag, keys

  var controls = document.createElement("div");
  controls.className = "map-controls";
  [["+", "Zoom in", function () { zoomBy(STEP); }], ["−", "Zoom out", function () { zoomBy(1 / STEP); }],
    ["⟲", "Whole map", reset]].forEach(function (c) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = c[0];
    b.title = c[1];
    b.setAttribute("aria-label", c[1]);
    b.addEventListener("click", c[2]);
    controls.appendChild(b);
  });
  figure.appendChild(controls);

  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var at = pointAt(event.clientX, event.clientY);
    zoomAt(event.deltaY < 0 ? STEP : 1 / STEP, at.x, at.y);
  }, {passive: false});

  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    drag = {x: event.clientX, y: event.clientY, view: {x: view.x, y: view.y}, moved: false, id: event.pointerId};
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag || drag.id !== event.pointerId) return;
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) {
      drag.moved = true;
      svg.setPointerCapture(event.pointerId); // once it is a drag, not a click on a marker
      figure.classList.add("dragging");
    }
    var r = svg.getBoundingClientRect();
    view.x = drag.view.x - dx / r.width * view.w;
    view.y = drag.view.y - dy / r.height * view.h;
    settle();
  });
  function endDrag() {
    figure.classList.remove("dragging");
    // The click that ends a drag comes after pointerup: let it see the drag, then forget it.
    setTimeout(function () { drag = null; }, 0);
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);
  svg.addEventListener("click", function () { if (!(drag && drag.moved)) close(); });

  figure.tabIndex = 0;
  figure.setAttribute("aria-label", "Map: arrow keys move, + and − zoom, 0 shows the whole map");
  figure.addEventListener("keydown", function (event) {
    var pan = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1]}[event.key];
    if (pan) {
      view.x += pan[0] * view.w / 5;
      view.y += pan[1] * view.h / 5;
      settle();
    } else if (event.key === "+" || event.key === "=") {
      zoomBy(STEP);
    } else if (event.key === "-" || event.key === "_") {
      zoomBy(1 / STEP);
    } else if (event.key === "0") {
      reset();
    } else if (event.key === "Escape") {
      close();
      figure.focus();
    } else {
      return;
    }
    event.preventDefault();
    if (!figure.contains(document.activeElement)) figure.focus(); // a focused marker was redrawn away
  });
  window.addEventListener("resize", draw);

  // Each place in the list can be found on the map: centred, close enough to tell it apart, its popup open.
  places.forEach(function (p) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "show-on-map";
    b.textContent = "on the map";
    b.addEventListener("click", function () {
      view.w = Math.min(view.w, home.w / 8);
      view.h = view.w * home.h / home.w;
      view.x = p.x - view.w / 2;
      view.y = p.y - view.h / 2;
      settle();
      open([p]);
      figure.scrollIntoView({block: "nearest"});
    });
    p.li.querySelector(".place-name").after(" ", b);
  });

  document.querySelector(".map-layout").classList.add("map-ready");
  draw();
})();
