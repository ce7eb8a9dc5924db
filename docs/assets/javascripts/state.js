/* The view in the address: what a reader set up on a chart or a table, kept in the page's query
 * string so that the address can be sent, bookmarked and reloaded.
 *
 * Each chart and table has a scope, its id on the page (`math-by-size`, `math-results`), and
 * writes its state under keys `SCOPE.KEY` (`?math-by-size.hide=SFT,RL&math-results.sort=-score`),
 * so that several on one page keep separate states and leave each other's keys alone. Only what
 * differs from the page as built is written: a view left as it was built has a bare address.
 *
 * Writing replaces the current history entry (`history.replaceState`, keeping the entry's state,
 * where Material keeps the scroll offset): typing makes no history entries, back and forward go
 * between pages. Material's instant navigation keeps the query string, and `document$` fires on
 * the page it shows, whose scripts then read the address again.
 *
 * The address is input from anyone: a reader of a value must compare it with the values it
 * knows and ignore the rest, and never write it into the page as HTML. Values longer than
 * MAX_VALUE characters are dropped unread.
 */
(function () {
  "use strict";

  const MAX_VALUE = 1000;

  function prefix(scope) {
    return `${scope}.`;
  }

  /* A query string whose lists read as lists: commas are left as they are. */
  function listed(params) {
    return params.toString().replace(/%2C/gi, ",");
  }

  /* The scope's keys in the address, without the prefix: a Map of KEY → value. */
  function read(scope, search = window.location.search) {
    const found = new Map();
    for (const [name, value] of new URLSearchParams(search)) {
      if (!name.startsWith(prefix(scope)) || value.length > MAX_VALUE) continue;
      found.set(name.slice(prefix(scope).length), value);
    }
    return found;
  }

  /* The scope's state as a query string of its own (`a.b=c&a.d=e`), "" for the view as built. */
  function query(scope) {
    const own = new URLSearchParams();
    for (const [key, value] of read(scope)) own.set(prefix(scope) + key, value);
    return listed(own);
  }

  /* Write the scope's state: `entries` maps KEY to a value, or to null (or "") for the value as
     built, which takes the key out of the address. Keys not named are left as they are. */
  function write(scope, entries) {
    const address = new URL(window.location.href);
    for (const [key, value] of Object.entries(entries)) {
      const name = prefix(scope) + key;
      if (value === null || value === undefined || value === "") address.searchParams.delete(name);
      else address.searchParams.set(name, String(value));
    }
    address.search = listed(address.searchParams);
    if (address.href !== window.location.href) history.replaceState(history.state, "", address.href);
  }

  /* Take every key of the scope out of the address (those too long to read too): the view as built. */
  function clear(scope) {
    const entries = {};
    for (const name of new URLSearchParams(window.location.search).keys()) {
      if (name.startsWith(prefix(scope))) entries[name.slice(prefix(scope).length)] = null;
    }
    write(scope, entries);
  }

  window.lbState = Object.freeze({ read, write, clear, query, MAX_VALUE });
})();
