/* How many marks a Vega-Lite spec's data calls for, per SVG selector: evaluated in the page.
 *
 * Independent of Vega: it reads the rows of each layer (inline `values`, a named dataset or a
 * `url`), applies the layer's `filter` and `calculate` transforms (Vega expressions are evaluated
 * as JavaScript, with the few Vega functions they commonly use), and counts one mark per row for
 * point, rule, text, bar... marks, one per series for line, area and trail marks. A transform it
 * cannot replay (aggregate, window...) makes the layer "uncountable", reported rather than guessed.
 *
 * Argument: {spec: URL of the spec, selectors: {markType: CSS selector}, and optionally params:
 * {name: value} and selections: {name: [{field: value}]}, a view's values in place of the start ones}.
 * Returns: {expected: {selector: count}, uncountable: ["layer path: reason"]}.
 */
async ({ spec: specUrl, selectors, params = {}, selections: chosen = {} }) => {
  const spec = await (await fetch(specUrl)).json();
  const expected = {};
  const uncountable = [];
  const SERIES = new Set(["line", "area", "trail"]);
  const GROUPING = ["color", "fill", "stroke", "detail", "strokeDash", "opacity", "size", "shape"];

  // Variable params (with a value, no selection) are in scope of expressions, as in Vega;
  // selections are kept with their start values (the rows they hold before any interaction).
  const scope = {};
  const selections = {};
  (function collect(node) {
    if (!node || typeof node !== "object") return;
    for (const param of node.params || []) {
      if (param.select) selections[param.name] = param.value === undefined ? [] : [].concat(param.value);
      else if ("value" in param) scope[param.name] = param.value;
    }
    for (const key of ["layer", "hconcat", "vconcat", "concat"]) (node[key] || []).forEach(collect);
    if (node.spec) collect(node.spec);
  })(spec);
  Object.assign(scope, params);
  Object.assign(selections, chosen);
  const vegaFunctions = {
    isValid: (x) => x !== null && x !== undefined && !Number.isNaN(x),
    isNumber: (x) => typeof x === "number",
    isString: (x) => typeof x === "string",
    isBoolean: (x) => typeof x === "boolean",
    isArray: Array.isArray,
    isObject: (x) => x === Object(x),
    indexof: (a, x) => a.indexOf(x),
    inrange: (x, [a, b]) => x >= Math.min(a, b) && x <= Math.max(a, b),
    toNumber: Number, toString: String, toBoolean: Boolean,
    lower: (s) => String(s).toLowerCase(), upper: (s) => String(s).toUpperCase(),
    length: (x) => x.length, abs: Math.abs, round: Math.round, floor: Math.floor, ceil: Math.ceil,
    log: Math.log, sqrt: Math.sqrt, min: Math.min, max: Math.max, pow: Math.pow, PI: Math.PI, LN10: Math.LN10,
    test: (re, s) => re.test(s),
  };
  const names = Object.keys(scope).concat(Object.keys(vegaFunctions));
  const values = names.map((n) => (n in scope ? scope[n] : vegaFunctions[n]));
  const expression = (source) => {
    const f = new Function("datum", ...names, `"use strict"; return (${source});`);
    return (datum) => f(datum, ...values);
  };

  function predicate(p) {
    if (typeof p === "string") return expression(p);
    if (p.and) { const ps = p.and.map(predicate); return (d) => ps.every((f) => f(d)); }
    if (p.or) { const ps = p.or.map(predicate); return (d) => ps.some((f) => f(d)); }
    if (p.not) { const f = predicate(p.not); return (d) => !f(d); }
    if (p.param) {
      if (p.param in scope) return () => Boolean(scope[p.param]);
      // A selection holds the rows that match one of its start values (each {field: value});
      // without any, it is empty and keeps every row unless `empty: false`.
      const held = selections[p.param] || [];
      if (!held.length) return () => p.empty !== false;
      return (d) => held.some((value) => Object.entries(value).every(([field, v]) => d[field] === v));
    }
    if (p.field) {
      const get = (d) => p.field.split(".").reduce((o, k) => (o == null ? o : o[k]), d);
      if ("equal" in p) return (d) => get(d) === p.equal;
      if ("oneOf" in p) return (d) => p.oneOf.includes(get(d));
      if ("lt" in p) return (d) => get(d) < p.lt;
      if ("lte" in p) return (d) => get(d) <= p.lte;
      if ("gt" in p) return (d) => get(d) > p.gt;
      if ("gte" in p) return (d) => get(d) >= p.gte;
      if ("range" in p) return (d) => get(d) >= p.range[0] && get(d) <= p.range[1];
      if ("valid" in p) return (d) => vegaFunctions.isValid(get(d)) === p.valid;
    }
    throw new Error(`filter ${JSON.stringify(p)}`);
  }

  function transform(rows, steps) {
    for (const step of steps || []) {
      if ("filter" in step) {
        const keep = predicate(step.filter);
        rows = rows.filter(keep);
      } else if ("calculate" in step) {
        const f = expression(step.calculate);
        rows = rows.map((d) => ({ ...d, [step.as]: f(d) }));
      } else {
        throw new Error(`transform ${Object.keys(step).join(", ")}`);
      }
    }
    return rows;
  }

  async function load(data, inherited) {
    if (!data) return inherited;
    if (data.values) return data.values;
    if (data.name && spec.datasets && spec.datasets[data.name]) return spec.datasets[data.name];
    if (data.url) {
      const text = await (await fetch(new URL(data.url, specUrl))).text();
      const format = (data.format && data.format.type) || data.url.split(".").pop();
      if (format === "json") return JSON.parse(text);
      if (format === "csv") return text.trim().split("\n").slice(1);  // rows only: fields are not read
    }
    throw new Error(`data ${JSON.stringify(data)}`);
  }

  function series(rows, encoding) {
    const fields = GROUPING.flatMap((channel) => [].concat((encoding || {})[channel] || []))
      .filter((e) => e.field && (e.type === "nominal" || e.type === "ordinal"))
      .map((e) => e.field);
    return new Set(rows.map((d) => JSON.stringify(fields.map((f) => d[f])))).size;
  }

  async function walk(node, inherited, path) {
    let rows;
    try {
      rows = transform(await load(node.data, inherited), node.transform);
    } catch (error) {
      uncountable.push(`${path}: ${error.message}`);
      return;
    }
    if (node.mark) {
      const type = typeof node.mark === "string" ? node.mark : node.mark.type;
      // An error bar with its ends given (y and y2) is drawn as a rule.
      const selector = selectors[type === "errorbar" ? "rule" : type];
      if (!selector) uncountable.push(`${path}: mark ${type}`);
      else expected[selector] = (expected[selector] || 0) + (SERIES.has(type) ? series(rows, node.encoding) : rows.length);
    }
    for (const key of ["layer", "hconcat", "vconcat", "concat"]) {
      for (const [i, child] of (node[key] || []).entries()) await walk(child, rows, `${path}/${key}[${i}]`);
    }
    if (node.spec) await walk(node.spec, rows, `${path}/spec`);  // facet: every row is still drawn once
  }

  await walk(spec, [{}], "spec");  // no data at all: one mark from `datum` encodings
  return { expected, uncountable };
}
