/* The page of kg/export/html.py: draws the graph of the #graph-data block with Cytoscape.js.
 * Every string from the data reaches the page through textContent or a property, never as HTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodesById = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var edgesById = new Map(data.edges.map(function (e) { return [e.id, e]; }));
  var kinds = new Map(data.types.map(function (t) { return [t.type, t]; }));

  var elements = [];
  data.nodes.forEach(function (n) {
    var kind = kinds.get(n.kind);
    elements.push({ group: "nodes", position: { x: n.x, y: n.y },
                    data: { id: n.id, label: n.label, colour: kind.colour, shape: kind.shape } });
  });
  data.edges.forEach(function (e) {
    elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, label: e.label } });
  });

  var edgeColour = "#b5b5b5";
  var cy = cytoscape({
    container: document.getElementById("graph"),
    elements: elements,
    layout: { name: "preset", fit: true, padding: 40 },  // positions come from Python: the same every time
    minZoom: 0.02,
    maxZoom: 5,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "shape": "data(shape)", "width": 18, "height": 18,
        "label": "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
        "color": "#222", "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 7 } },
      { selector: "edge", style: {
        "width": 1.5, "line-color": edgeColour, "curve-style": "bezier",
        "target-arrow-shape": data.directed ? "triangle" : "none", "target-arrow-color": edgeColour,
        "arrow-scale": 0.8 } },
      { selector: "node.hover, node:selected", style: { "border-width": 3, "border-color": "#222" } },
      { selector: "node.found", style: { "border-width": 4, "border-color": "#d00", "width": 26, "height": 26 } },
      { selector: "edge.hover, edge:selected", style: {
        "width": 3, "line-color": "#333", "target-arrow-color": "#333", "label": "data(label)",
        "font-size": 9, "text-rotation": "autorotate", "text-background-color": "#fff",
        "text-background-opacity": 0.85 } },
      { selector: ".faded", style: { "opacity": 0.25 } }
    ]
  });

  document.getElementById("node-count").textContent = String(cy.nodes().length);
  document.getElementById("edge-count").textContent = String(cy.edges().length);

  // The legend: one row per type present, in the order the exporter gives.
  var legend = document.getElementById("legend");
  data.types.forEach(function (t) {
    var item = document.createElement("li");
    item.dataset.type = t.type;
    var swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.backgroundColor = t.colour;
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = t.type;
    var count = document.createElement("span");
    count.className = "count";
    count.textContent = String(t.count);
    item.append(swatch, name, count);
    legend.append(item);
  });

  // Details of a node or edge: a definition list built from text nodes only.
  var details = document.getElementById("details");

  function addRow(list, key, value) {
    var term = document.createElement("dt");
    term.textContent = key.replace(/_/g, " ");
    var description = document.createElement("dd");
    description.dataset.key = key;
    description.textContent = String(value);
    list.append(term, description);
  }

  function showDetails(element) {
    details.replaceChildren();
    if (!element) {
      var hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = "Hover over or click a node or edge.";
      details.append(hint);
      return;
    }
    var heading = document.createElement("h3");
    var list = document.createElement("dl");
    var record;
    if (element.isNode()) {
      record = nodesById.get(element.id());
      heading.textContent = record.label;
      details.dataset.kind = "node";
      addRow(list, "type", record.type);
      addRow(list, "id", record.iri);
    } else {
      record = edgesById.get(element.id());
      heading.textContent = record.label;
      details.dataset.kind = "edge";
      addRow(list, "from", nodesById.get(record.source).label);
      addRow(list, "to", nodesById.get(record.target).label);
    }
    record.attributes.forEach(function (pair) { addRow(list, pair[0], pair[1]); });
    details.append(heading, list);
  }

  var pinned = null;  // the element last clicked (or found); hovering shows others for a moment

  function pin(element) {
    pinned = element;
    cy.elements().removeClass("faded");
    if (element) {
      var near = element.isNode() ? element.closedNeighborhood() : element.union(element.connectedNodes());
      cy.elements().not(near).addClass("faded");
    }
    showDetails(element);
  }

  cy.on("mouseover", "node, edge", function (event) {
    event.target.addClass("hover");
    showDetails(event.target);
  });
  cy.on("mouseout", "node, edge", function (event) {
    event.target.removeClass("hover");
    showDetails(pinned);
  });
  cy.on("tap", function (event) {
    pin(event.target === cy ? null : event.target);
  });

  // Search: an exact label (any case) first, else the first label that contains the text.
  var search = document.getElementById("search");
  var status = document.getElementById("search-status");
  var labels = document.getElementById("labels");
  Array.from(new Set(data.nodes.map(function (n) { return n.label; }))).sort().forEach(function (label) {
    var option = document.createElement("option");
    option.value = label;
    labels.append(option);
  });

  function find(text) {
    var wanted = text.trim().toLocaleLowerCase();
    if (!wanted) { status.textContent = ""; return null; }
    var matches = data.nodes.filter(function (n) { return n.label.toLocaleLowerCase() === wanted; });
    if (!matches.length) {
      matches = data.nodes.filter(function (n) { return n.label.toLocaleLowerCase().indexOf(wanted) >= 0; });
    }
    cy.nodes().removeClass("found");
    if (!matches.length) { status.textContent = "no match"; return null; }
    status.textContent = matches.length === 1 ? "1 match" : matches.length + " matches, showing the first";
    var node = cy.getElementById(matches[0].id);
    cy.elements().unselect();
    node.addClass("found").select();
    // The node's own centre in the middle (cy.center would centre its box, label included).
    var zoom = Math.max(cy.zoom(), 1.5), at = node.position();
    cy.viewport({ zoom: zoom, pan: { x: cy.width() / 2 - at.x * zoom, y: cy.height() / 2 - at.y * zoom } });
    pin(node);
    return node;
  }

  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    find(search.value);
  });
  search.addEventListener("input", function () {  // picking a suggestion finds it at once
    if (data.nodes.some(function (n) { return n.label === search.value; })) find(search.value);
  });

  showDetails(null);
  window.kommunegraf = { cy: cy, find: find };  // for the browser console and tests
})();
