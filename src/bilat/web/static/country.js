/* bilat country page: the partner network (d3-force) and the map of event places (d3-geo
 * on the world-atlas 110m countries, converted with topojson-client), both SVG. Everything
 * is bundled in /static/vendor. Data comes from <script type="application/json"> elements;
 * text from data is only ever set with d3's .text() (textContent), never parsed as HTML. */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  /* PLOVER scores run from -10 (conflict) to +10 (cooperation); the colour saturates at
   * ±5 (mean scores of a pair are rarely further out); no score is grey. */
  var scoreColour = d3.scaleLinear()
    .domain([-5, 0, 5]).range(["#c62828", "#9e9e9e", "#1f5fa8"])
    .interpolate(d3.interpolateRgb).clamp(true);

  function colourOf(score) {
    return score === null || score === undefined ? "#bdbdbd" : scoreColour(score);
  }

  function fmt(value) {
    return value === null || value === undefined ? "—" : String(value);
  }

  function network() {
    var data = readJSON("network-data");
    var svg = document.getElementById("network");
    if (!data || !svg) { return; }
    var width = 640, height = 480;
    var root = d3.select(svg);
    var nodes = data.nodes.map(function (n) { return Object.assign({}, n); });
    var links = data.links.map(function (l) { return Object.assign({}, l); });
    var most = d3.max(links, function (l) { return l.events; }) || 1;
    var radius = d3.scaleSqrt().domain([0, most]).range([4, 20]);
    var width_ = d3.scaleLinear().domain([1, Math.max(most, 2)]).range([1.5, 10]).clamp(true);
    nodes.forEach(function (n) {
      n.r = n.center ? 24 : radius(n.events);
      if (n.center) { n.fx = width / 2; n.fy = height / 2; }
    });
    var simulation = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(function (n) { return n.id; })
        .distance(function (l) { return 200 - 110 * Math.min(l.events / most, 1); }))
      .force("charge", d3.forceManyBody().strength(-260))
      .force("collide", d3.forceCollide().radius(function (n) { return n.r + 14; }))
      .force("x", d3.forceX(width / 2).strength(0.04))
      .force("y", d3.forceY(height / 2).strength(0.06))
      .stop();
    // laid out at once (deterministic, no animation): ~300 ticks settle the layout
    var ticks = Math.ceil(Math.log(simulation.alphaMin()) / Math.log(1 - simulation.alphaDecay()));
    for (var i = 0; i < ticks; i++) { simulation.tick(); }
    nodes.forEach(function (n) {
      n.x = Math.max(n.r + 2, Math.min(width - n.r - 2, n.x));
      n.y = Math.max(n.r + 2, Math.min(height - n.r - 14, n.y));
    });

    root.append("g").attr("class", "links")
      .selectAll("line").data(links).join("line")
      .attr("class", "link")
      .attr("data-partner", function (l) { return l.target.id; })
      .attr("x1", function (l) { return l.source.x; }).attr("y1", function (l) { return l.source.y; })
      .attr("x2", function (l) { return l.target.x; }).attr("y2", function (l) { return l.target.y; })
      .attr("stroke", function (l) { return colourOf(l.plover_score); })
      .attr("stroke-width", function (l) { return width_(l.events); })
      .append("title").text(function (l) {
        return data.name + " – " + l.target.name + ": " + l.events + " event" +
          (l.events === 1 ? "" : "s") + " (" + l.cooperation + " cooperation, " + l.conflict +
          " conflict), mean PLOVER score " + fmt(l.plover_score) + ", mean Goldstein " +
          fmt(l.goldstein);
      });

    var node = root.append("g").attr("class", "nodes")
      .selectAll("a").data(nodes).join("a")
      .attr("class", function (n) { return n.center ? "node center" : "node"; })
      .attr("data-code", function (n) { return n.id; })
      .attr("href", function (n) {
        return n.center ? null : "/countries/" + encodeURIComponent(n.id);
      })
      .attr("transform", function (n) { return "translate(" + n.x + "," + n.y + ")"; });
    node.append("circle").attr("r", function (n) { return n.r; })
      .attr("fill", function (n) { return n.center ? "#16324f" : colourOf(n.plover_score); });
    node.append("text").attr("dy", function (n) { return n.r + 12; })
      .attr("text-anchor", "middle").text(function (n) { return n.id; });
    node.append("title").text(function (n) {
      return n.center ? n.name : n.name + ": " + n.events + " event" + (n.events === 1 ? "" : "s");
    });
  }

  function worldMap() {
    var data = readJSON("map-data");
    var svg = document.getElementById("map");
    var status = document.getElementById("map-status");
    if (!data || !svg) { return; }
    var width = 640, height = 360;
    var root = d3.select(svg);
    var projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [width - 4, height - 4]],
      { type: "Sphere" });
    var path = d3.geoPath(projection);
    var layer = root.append("g").attr("class", "zoom-layer");
    layer.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
    var countries = layer.append("g").attr("class", "countries");
    var dots = layer.append("g").attr("class", "places");

    var most = d3.max(data.places, function (p) { return p.events; }) || 1;
    var size = d3.scaleSqrt().domain([0, most]).range([0, 16]);
    var placed = data.places.map(function (p) {
      return Object.assign({ xy: projection([p.lon, p.lat]) }, p);
    }).filter(function (p) { return p.xy && isFinite(p.xy[0]) && isFinite(p.xy[1]); });
    placed.sort(function (a, b) { return b.events - a.events; });  // small ones on top
    var circles = dots.selectAll("circle").data(placed).join("circle")
      .attr("class", "place")
      .attr("cx", function (p) { return p.xy[0]; }).attr("cy", function (p) { return p.xy[1]; })
      .attr("r", function (p) { return Math.max(3, size(p.events)); });
    circles.append("title").text(function (p) {
      return (p.name || "(unnamed place)") + (p.country ? " (" + p.country + ")" : "") + ": " +
        p.events + " event" + (p.events === 1 ? "" : "s") + ", " + p.reports + " report" +
        (p.reports === 1 ? "" : "s") + (p.last_date ? ", last " + p.last_date : "");
    });

    root.call(d3.zoom().scaleExtent([1, 16])
      .translateExtent([[0, 0], [width, height]])
      .on("zoom", function (event) {
        layer.attr("transform", event.transform);
        circles.attr("r", function (p) { return Math.max(3, size(p.events)) / Math.sqrt(event.transform.k); })
          .attr("stroke-width", 1 / event.transform.k);
        countries.selectAll("path").attr("stroke-width", 0.5 / event.transform.k);
      }));

    d3.json(data.atlas).then(function (world) {
      var features = topojson.feature(world, world.objects.countries).features;
      countries.selectAll("path").data(features).join("path")
        .attr("class", function (f) {
          return f.properties && f.properties.name === data.name ? "country home" : "country";
        })
        .attr("d", path)
        .append("title").text(function (f) { return f.properties ? f.properties.name : ""; });
      svg.setAttribute("data-ready", "1");
    }).catch(function (err) {
      if (status) { status.textContent = "The world map could not be loaded: " + err; }
      svg.setAttribute("data-ready", "error");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof d3 === "undefined") { return; }
    network();
    worldMap();
  });
})();
