// The actor network made to move: an actor's neighbours lit on hover or focus, pan (drag) and zoom
// (wheel or buttons), and a menu on click (open the dossier, or centre the network on the actor).
// The page reads the same without it: the picture, its legend and its links come from the server.
// No style is set from here (the CSP allows none inline): the look is classes in style.css.
(function () {
  "use strict";

  const figure = document.querySelector("figure.network");
  const svg = figure && figure.querySelector("svg.network");
  const plot = svg && svg.querySelector("g.plot");
  if (!plot) return;

  const ZOOM_MIN = 0.3, ZOOM_MAX = 8, ZOOM_STEP = 1.4;
  const DRAG_PIXELS = 4;  // a smaller move is a click, not a pan
  const view = { x: 0, y: 0, k: 1 };
  const drag = { on: false, moved: false, x: 0, y: 0, clientX: 0, clientY: 0 };

  // Who is joined to whom, read from the edges' ids (net-rel-I-J-N joins net-actor-I and net-actor-J).
  const links = new Map();
  function join(actor, edge, other) {
    if (!links.has(actor)) links.set(actor, []);
    links.get(actor).push({ edge: edge, other: other });
  }
  for (const edge of plot.querySelectorAll("line.edge")) {
    const ends = /^net-rel-(\d+)-(\d+)-/.exec(edge.id);
    if (!ends) continue;
    join("net-actor-" + ends[1], edge, "net-actor-" + ends[2]);
    join("net-actor-" + ends[2], edge, "net-actor-" + ends[1]);
  }

  // Highlight: the actor, its neighbours and the relations between them; the rest fades (style.css).
  function light(actor) {
    unlight();
    svg.classList.add("lighting");
    actor.classList.add("active");
    for (const link of links.get(actor.id) || []) {
      link.edge.classList.add("lit");
      const other = document.getElementById(link.other);
      if (other) other.classList.add("neighbour");
    }
  }
  function unlight() {
    svg.classList.remove("lighting");
    for (const el of plot.querySelectorAll(".active, .neighbour, .lit")) {
      el.classList.remove("active", "neighbour", "lit");
    }
  }
  plot.addEventListener("pointerover", function (event) {
    const actor = event.target.closest("g.actor");
    if (actor && !(drag.on && drag.moved)) light(actor);
  });
  plot.addEventListener("pointerout", function (event) {
    const actor = event.target.closest("g.actor");
    if (actor && !actor.contains(event.relatedTarget)) unlight();
  });
  plot.addEventListener("focusin", function (event) {
    const actor = event.target.closest("g.actor");
    if (actor) light(actor);
  });
  plot.addEventListener("focusout", unlight);

  // Pan and zoom: one transform on the plot; the legend stays put.
  function show() {
    plot.setAttribute("transform", "translate(" + view.x.toFixed(1) + " " + view.y.toFixed(1) + ") scale(" +
                      view.k.toFixed(3) + ")");
  }
  function inPicture(clientX, clientY) {
    return new DOMPoint(clientX, clientY).matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoomAt(point, factor) {
    const k = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, view.k * factor));
    view.x = point.x - (point.x - view.x) * (k / view.k);
    view.y = point.y - (point.y - view.y) * (k / view.k);
    view.k = k;
    show();
  }
  function middle() {
    const box = svg.viewBox.baseVal;
    return { x: box.width / 2, y: box.height / 2 };
  }
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    zoomAt(inPicture(event.clientX, event.clientY), Math.exp(-event.deltaY * 0.002));
  }, { passive: false });

  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0 || event.target.closest("g.legend")) return;
    const at = inPicture(event.clientX, event.clientY);
    Object.assign(drag, { on: true, moved: false, x: at.x - view.x, y: at.y - view.y,
                          clientX: event.clientX, clientY: event.clientY });
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag.on) return;
    if (!drag.moved) {
      if (Math.hypot(event.clientX - drag.clientX, event.clientY - drag.clientY) < DRAG_PIXELS) return;
      drag.moved = true;
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("panning");
      unlight();
    }
    const at = inPicture(event.clientX, event.clientY);
    view.x = at.x - drag.x;
    view.y = at.y - drag.y;
    show();
  });
  function endDrag() {
    drag.on = false;
    svg.classList.remove("panning");
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);
  // The click that ends a pan follows no link.
  svg.addEventListener("click", function (event) {
    if (drag.moved) {
      event.preventDefault();
      event.stopPropagation();
      drag.moved = false;
    }
  }, true);

  // Buttons for zoom, for keyboards and touch pads.
  const tools = document.createElement("div");
  tools.className = "network-tools";
  function button(text, label, act) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.title = label;
    b.addEventListener("click", act);
    tools.append(b);
  }
  button("+", "Zoom in", function () { zoomAt(middle(), ZOOM_STEP); });
  button("−", "Zoom out", function () { zoomAt(middle(), 1 / ZOOM_STEP); });
  button("Reset view", "Reset view", function () {
    Object.assign(view, { x: 0, y: 0, k: 1 });
    show();
  });
  figure.prepend(tools);

  // The menu a click on an actor opens, in place of following its link.
  const menu = document.createElement("div");
  menu.className = "network-menu";
  menu.setAttribute("role", "dialog");
  menu.hidden = true;
  figure.append(menu);
  let opener = null;

  function centred(actorId, depth) {
    const query = new URLSearchParams(window.location.search);
    query.set("actor", actorId);
    query.set("depth", String(depth));
    return "/network?" + query.toString();
  }
  function item(text, href) {
    const a = document.createElement("a");
    a.textContent = text;
    a.href = href;
    return a;
  }
  function openMenu(link) {
    const href = link.getAttribute("href");
    const name = link.querySelector("text").textContent;
    const actorId = decodeURIComponent(href.slice(href.lastIndexOf("/") + 1));
    const heading = document.createElement("strong");
    heading.textContent = name;
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.addEventListener("click", function () { closeMenu(true); });
    menu.replaceChildren(heading, item("Open dossier", href), item("Centre here", centred(actorId, 1)),
                         item("Centre here, 2 relations out", centred(actorId, 2)), close);
    menu.setAttribute("aria-label", name);
    menu.hidden = false;
    opener = link;
    for (const chosen of plot.querySelectorAll("g.actor.chosen")) chosen.classList.remove("chosen");
    link.closest("g.actor").classList.add("chosen");
    menu.querySelector("a").focus();
  }
  function closeMenu(backToActor) {
    if (menu.hidden) return;
    menu.hidden = true;
    for (const chosen of plot.querySelectorAll("g.actor.chosen")) chosen.classList.remove("chosen");
    if (backToActor && opener) opener.focus();
    opener = null;
  }
  plot.addEventListener("click", function (event) {
    const link = event.target.closest("a.node");
    // A modified click (new tab, new window) follows the link as it is.
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    openMenu(link);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeMenu(true);
  });
  document.addEventListener("click", function (event) {
    if (!menu.hidden && !menu.contains(event.target) && !event.target.closest("a.node")) closeMenu(false);
  });
})();
