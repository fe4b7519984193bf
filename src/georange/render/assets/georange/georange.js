/*
 * georange's page script: first-party, MIT licence (the georange package's).
 * Inlined into every map page by georange.render._assets.georange_head.
 *
 * It defines one global, `georange`:
 *   georange.decode(fc)            expand the polyline-encoded geometries of a FeatureCollection
 *   georange.setFragments(table)   the popup fragments (source lists) shared by many features
 *   georange.geoJsonLayer(fc, map) a styled L.geoJSON layer with popups and tooltips, added to map
 *
 * Each feature carries its structured data as properties (kind, site_id,
 * system_id, range_kind, radius_km, low_km, high_km, reference_id, place_id,
 * outline, tooltip_class, tooltip_direction) and an opaque `id`, never parsed.  Popups and tooltips are HTML that
 * georange built with every user string escaped; this script builds no HTML
 * from data itself.
 */
(function (root) {
  "use strict";

  var fragments = {};
  var FRAGMENT_TOKEN = /<georange-ref k="(\w+)"><\/georange-ref>/g;

  // One polyline-encoded line (Google's algorithm, x then y) to [[x, y], ...].
  function decodeLine(text, precision) {
    var values = [];
    var out = [];
    var scale = Math.pow(10, precision);
    var i = 0;
    var x = 0;
    var y = 0;
    var k;
    while (i < text.length) {
      var shift = 0;
      var result = 0;
      var b;
      do {
        b = text.charCodeAt(i) - 63;
        i += 1;
        result |= (b & 0x1f) << shift;
        shift += 5;
      } while (b >= 0x20);
      values.push((result & 1) ? ~(result >> 1) : (result >> 1));
    }
    for (k = 0; k < values.length; k += 2) {
      x += values[k];
      y += values[k + 1];
      out.push([x / scale, y / scale]);
    }
    return out;
  }

  function decodeLines(encoded, precision) {
    return encoded.map(function (line) { return decodeLine(line, precision); });
  }

  // Replace each geometry's `enc` and `precision` with GeoJSON `coordinates` (in place).
  function decode(fc) {
    fc.features.forEach(function (feature) {
      var g = feature.geometry;
      if (!g || g.enc === undefined) {
        return;
      }
      if (g.type === "Polygon" || g.type === "MultiLineString") {
        g.coordinates = decodeLines(g.enc, g.precision);
      } else if (g.type === "MultiPolygon") {
        g.coordinates = g.enc.map(function (polygon) { return decodeLines(polygon, g.precision); });
      } else {
        g.coordinates = decodeLine(g.enc, g.precision);
      }
      delete g.enc;
      delete g.precision;
    });
    return fc;
  }

  function setFragments(table) {
    fragments = table;
  }

  function expand(html) {
    return html.replace(FRAGMENT_TOKEN, function (token, key) {
      return Object.prototype.hasOwnProperty.call(fragments, key) ? fragments[key] : "";
    });
  }

  function annotate(feature, layer) {
    var p = feature.properties;
    if (p.popup) {
      layer.bindPopup(expand(p.popup), {maxWidth: 440, maxHeight: 420});
    }
    if (p.tooltip) {
      layer.bindTooltip(p.tooltip, {
        permanent: !!p.tooltip_permanent,
        direction: p.tooltip_direction || "top",
        sticky: !p.tooltip_permanent,
        className: p.tooltip_class || ""
      });
    }
    if (feature.id !== undefined) {
      layer.on("add", function () {
        var el = layer.getElement && layer.getElement();
        if (el) {
          el.setAttribute("data-georange", feature.id);
        }
      });
    }
  }

  function geoJsonLayer(fc, map) {
    return root.L.geoJSON(decode(fc), {
      style: function (feature) { return feature.properties.style; },
      pointToLayer: function (feature, latlng) { return root.L.circleMarker(latlng, feature.properties.style); },
      onEachFeature: annotate
    }).addTo(map);
  }

  root.georange = {decode: decode, setFragments: setFragments, geoJsonLayer: geoJsonLayer};
}(window));
