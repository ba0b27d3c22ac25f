/*!
 * recod.js: tracking and recommendation client for recod (YOOCHOOSE wire format).
 * No dependencies. Served by recod at /js/recod.js; documented in docs/javascript-client.md.
 *
 *   const r = Recod.create({ customer: "00000" });
 *   r.click(1, 7, { categorypath: "Shoes/Running" });
 *   const { items } = await r.recommend("also_clicked", { contextItems: [7] });
 */
(function (root, factory) {
  "use strict";
  const Recod = factory(root);
  if (typeof module === "object" && module && module.exports) module.exports = Recod;
  else root.Recod = Recod;
})(typeof globalThis !== "undefined" ? globalThis : this, function (root) {
  "use strict";

  const VERSION = "1.0.0";
  const DAY_SECONDS = 86400;
  let jsonpCounter = 0;

  // ---------------------------------------------------------------- helpers

  const enc = encodeURIComponent;

  function isAbsent(v) {
    return v === undefined || v === null || v === "";
  }

  /**
   * Query string from an object; absent values are left out. Arrays become comma lists
   * (each value encoded, the commas not), except categorypath, which recod takes as a
   * repeated parameter because a path may itself contain a comma.
   */
  function query(params) {
    const parts = [];
    for (const name of Object.keys(params)) {
      const value = params[name];
      if (Array.isArray(value)) {
        const values = value.filter((v) => !isAbsent(v)).map((v) => enc(String(v)));
        if (!values.length) continue;
        if (name === "categorypath") for (const v of values) parts.push(name + "=" + v);
        else parts.push(enc(name) + "=" + values.join(","));
      } else if (!isAbsent(value)) {
        parts.push(enc(name) + "=" + enc(String(value)));
      }
    }
    return parts.length ? "?" + parts.join("&") : "";
  }

  /** A random, URL-safe id: 16 random bytes as base64url (22 characters). */
  function randomId() {
    const bytes = new Uint8Array(16);
    const c = root.crypto;
    if (c && typeof c.getRandomValues === "function") c.getRandomValues(bytes);
    else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    let bin = "";
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // Storage that never throws (private modes, disabled storage, sandboxed frames).
  function storage(kind) {
    try {
      const s = root[kind];
      const probe = "__recod_probe__";
      s.setItem(probe, probe);
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  function readCookie(name) {
    if (typeof document === "undefined") return null;
    let cookies;
    try {
      cookies = document.cookie ? document.cookie.split("; ") : [];
    } catch (e) {
      return null; // sandboxed documents may refuse cookie access
    }
    for (const c of cookies) {
      const eq = c.indexOf("=");
      if (c.slice(0, eq) === name) {
        try {
          return decodeURIComponent(c.slice(eq + 1));
        } catch (e) {
          return null;
        }
      }
    }
    return null;
  }

  function writeCookie(name, value, days, domain) {
    if (typeof document === "undefined") return;
    let cookie = name + "=" + enc(value) + "; Max-Age=" + Math.round(days * DAY_SECONDS) +
      "; Path=/; SameSite=Lax";
    if (domain) cookie += "; Domain=" + domain;
    if (root.location && root.location.protocol === "https:") cookie += "; Secure";
    try {
      document.cookie = cookie;
    } catch (e) {
      /* cookies disabled: the id lives in memory for this page */
    }
  }

  /** Turns a v2 attributes array [{key, values}] into {key: values}. */
  function attributeMap(list) {
    const out = {};
    if (Array.isArray(list)) {
      for (const a of list) if (a && typeof a.key === "string") out[a.key] = Array.isArray(a.values) ? a.values : [];
    }
    return out;
  }

  function httpError(status, message) {
    const err = new Error(message);
    err.name = "RecodError";
    err.status = status;
    return err;
  }

  // --------------------------------------------------------------- the client

  function create(options) {
    const o = Object.assign({
      customer: "",
      host: "",
      solution: "api",
      cookieName: "recod_uid",
      cookieDays: 90,
      cookieDomain: "",
      timeout: 5000,
      onRequest: null,
    }, options || {});
    if (isAbsent(o.customer)) throw new TypeError("Recod.create: 'customer' is required");

    const host = String(o.host || "").replace(/\/+$/, "");
    const customer = enc(String(o.customer));
    const local = storage("localStorage");
    const session = storage("sessionStorage");
    const loginKey = o.cookieName + "_login";
    const tokensKey = o.cookieName + "_tokens";

    let anonymous = null; // the cookie's id, cached (memory fallback without cookies)
    let account = local ? local.getItem(loginKey) : null;
    let memoryTokens = {};
    const renderedItems = new WeakSet();
    const observed = new WeakMap(); // element -> {item, stop}
    let observer = null;

    function anonymousId() {
      if (anonymous === null) {
        anonymous = readCookie(o.cookieName) || randomId();
        writeCookie(o.cookieName, anonymous, o.cookieDays, o.cookieDomain); // create or refresh
      }
      return anonymous;
    }

    function userId() {
      return account || anonymousId();
    }

    function report(info) {
      if (typeof o.onRequest !== "function") return;
      try {
        o.onRequest(info);
      } catch (e) {
        /* a failing hook must not break tracking */
      }
    }

    // fetch with a timeout; resolves the Response or rejects (network error, timeout).
    function request(url, init) {
      const ctrl = typeof AbortController === "function" ? new AbortController() : null;
      const timer = ctrl && o.timeout > 0 ? setTimeout(() => ctrl.abort(), o.timeout) : null;
      const opts = Object.assign({ mode: "cors", credentials: "omit" }, init);
      if (ctrl) opts.signal = ctrl.signal;
      const settle = () => timer && clearTimeout(timer);
      return root.fetch(url, opts).then(
        (res) => { settle(); return res; },
        (err) => { settle(); throw err; });
    }

    // Sends one tracking URL. Never rejects: true when recod stored it (2xx), else false.
    function send(url, name) {
      if (typeof root.fetch !== "function") return pixel(url, name);
      return request(url, { keepalive: true, cache: "no-store" }).then(
        (res) => {
          report({ kind: "event", name, url, ok: res.ok, status: res.status });
          return res.ok;
        },
        () => {
          report({ kind: "event", name, url, ok: false, status: 0 });
          return false;
        });
    }

    // Fallback without fetch: an image request. It cannot see the status, so it resolves
    // true once the request has completed (204 fires onerror as well as onload).
    function pixel(url, name) {
      return new Promise((resolve) => {
        const img = new Image();
        const done = () => {
          report({ kind: "event", name, url, ok: true, status: null });
          resolve(true);
        };
        img.onload = done;
        img.onerror = done;
        img.src = url;
      });
    }

    // ---- recommendation tokens remembered from clicked recommendations

    function loadTokens() {
      if (!session) return memoryTokens;
      try {
        return JSON.parse(session.getItem(tokensKey) || "{}") || {};
      } catch (e) {
        return {};
      }
    }

    function saveTokens(tokens) {
      // Keep the 20 newest: a session clicks few recommendations, storage stays tiny.
      const keys = Object.keys(tokens).sort((a, b) => tokens[b].at - tokens[a].at).slice(0, 20);
      const kept = {};
      for (const k of keys) kept[k] = tokens[k];
      if (!session) {
        memoryTokens = kept;
        return;
      }
      try {
        session.setItem(tokensKey, JSON.stringify(kept));
      } catch (e) {
        /* storage full: the token is not remembered */
      }
    }

    function rememberToken(type, id, token) {
      if (isAbsent(token)) return;
      const tokens = loadTokens();
      tokens[type + "/" + id] = { token: String(token), at: Date.now(), clicked: false };
      saveTokens(tokens);
    }

    // The token for an event on this item: the explicit one, else a remembered one. A click
    // uses a remembered token once (it is the view the recommendation led to); basket and
    // buy keep using it for the rest of the session.
    function tokenFor(event, type, id, explicit) {
      if (!isAbsent(explicit)) return explicit;
      const tokens = loadTokens();
      const t = tokens[type + "/" + id];
      if (!t) return undefined;
      if (event === "click") {
        if (t.clicked) return undefined;
        t.clicked = true;
        saveTokens(tokens);
      }
      return t.token;
    }

    // ---- tracking

    /** Low level: any event of the tracking API with its query parameters. */
    function track(event, type, id, params) {
      if (isAbsent(event) || isAbsent(type) || isAbsent(id)) return Promise.resolve(false);
      const url = host + "/" + enc(o.solution) + "/" + customer + "/" + enc(event) + "/" +
        enc(userId()) + "/" + enc(String(type)) + "/" + enc(String(id)) + query(params || {});
      return send(url, event);
    }

    function click(type, id, opts) {
      const p = opts || {};
      return track("click", type, id, {
        categorypath: p.categorypath,
        recommendationtoken: tokenFor("click", type, id, p.token),
      });
    }

    function basket(type, id, opts) {
      const p = opts || {};
      return track("basket", type, id, {
        categorypath: p.categorypath,
        recommendationtoken: tokenFor("basket", type, id, p.token),
      });
    }

    function removeFromBasket(type, id) {
      return track("deletefrombasket", type, id, {});
    }

    function buy(type, id, opts) {
      const p = opts || {};
      return track("buy", type, id, {
        fullprice: p.price,
        quantity: p.quantity,
        recommendationtoken: tokenFor("buy", type, id, p.token),
      });
    }

    function consume(type, id, opts) {
      return track("consume", type, id, { percentage: (opts || {}).percentage });
    }

    function rate(type, id, opts) {
      return track("rate", type, id, { rating: (opts || {}).rating });
    }

    function blacklist(type, id) {
      return track("blacklist", type, id, {});
    }

    function login(accountId) {
      if (isAbsent(accountId)) return Promise.resolve(false);
      const target = String(accountId);
      const source = anonymousId();
      account = target;
      if (local) {
        try {
          local.setItem(loginKey, target);
        } catch (e) {
          /* storage full: remembered for this page only */
        }
      }
      if (source === target) return Promise.resolve(true);
      const url = host + "/" + enc(o.solution) + "/" + customer + "/login/" + enc(source) + "/" + enc(target);
      return send(url, "login");
    }

    function logout() {
      account = null;
      if (local) local.removeItem(loginKey);
    }

    // ---- recommendations

    function recommendUrl(scenario, p, ext, extra) {
      const params = Object.assign({
        numrecs: p.numrecs,
        contextitems: p.contextItems,
        categorypath: p.categoryPath,
        outputtypeid: p.outputType,
        crosscontenttype: p.crossContentType ? "true" : undefined,
        recommendCategory: p.recommendCategory ? "true" : undefined,
        usecontextcategorypath: p.useContextCategoryPath ? "true" : undefined,
        attribute: p.attributes,
      }, extra);
      return host + "/api/v2/" + customer + "/" + enc(userId()) + "/" + enc(scenario) + ext + query(params);
    }

    function normalize(doc, scenario) {
      const token = doc && doc.recommendationToken ? doc.recommendationToken : null;
      const items = (doc && Array.isArray(doc.recommendationItems) ? doc.recommendationItems : []).map((it) => ({
        itemType: it.itemType,
        itemId: it.itemId,
        relevance: it.relevance,
        category: it.category,
        origin: it.origin,
        attributes: attributeMap(it.attributes),
        links: it.links || {},
        token,
        scenario,
      }));
      return { items, contextItems: (doc && doc.contextItems) || [], token, raw: doc };
    }

    function viaFetch(scenario, p) {
      const url = recommendUrl(scenario, p, ".json", {});
      const done = (ok, status) => report({ kind: "recommend", name: scenario, url, ok, status });
      return request(url, { headers: { Accept: "application/json" } }).then(
        (res) => {
          done(res.ok || res.status === 409, res.status);
          if (res.status === 409) return normalize(null, scenario); // nothing to recommend
          if (!res.ok) {
            return res.text().catch(() => "").then((text) => {
              throw httpError(res.status, "recod answered " + res.status + (text ? ": " + text.trim() : ""));
            });
          }
          return res.json().then((doc) => normalize(doc, scenario));
        },
        (e) => {
          done(false, 0);
          throw httpError(0, "recod is not reachable" + (e && e.name === "AbortError" ? " (timeout)" : ""));
        });
    }

    // JSONP: a <script> calls a generated global function that exists only while the
    // request is open. A script cannot see HTTP statuses, so every failure rejects (status 0),
    // a 409 included.
    function viaJsonp(scenario, p) {
      return new Promise((resolve, reject) => {
        const name = "recodJsonp_" + (++jsonpCounter) + "_" + Math.floor(Math.random() * 1e9);
        const url = recommendUrl(scenario, p, ".jsonp", { jsonpCallback: name });
        const script = document.createElement("script");
        let timer = null;
        const finish = () => {
          clearTimeout(timer);
          script.onerror = null;
          if (script.parentNode) script.parentNode.removeChild(script);
          // A late answer must not hit an undefined function: leave a no-op that removes itself.
          root[name] = () => { delete root[name]; };
        };
        root[name] = (doc) => {
          finish();
          delete root[name];
          report({ kind: "recommend", name: scenario, url, ok: true, status: 200 });
          resolve(normalize(doc, scenario));
        };
        script.onerror = () => {
          finish();
          delete root[name];
          report({ kind: "recommend", name: scenario, url, ok: false, status: 0 });
          reject(httpError(0, "recod JSONP request failed"));
        };
        if (o.timeout > 0) {
          timer = setTimeout(() => {
            finish();
            report({ kind: "recommend", name: scenario, url, ok: false, status: 0 });
            reject(httpError(0, "recod JSONP request timed out"));
          }, o.timeout);
        }
        script.async = true;
        script.src = url;
        (document.head || document.documentElement).appendChild(script);
      });
    }

    function recommend(scenario, opts) {
      if (isAbsent(scenario)) return Promise.reject(new TypeError("recommend: scenario is required"));
      const p = opts || {};
      if (p.jsonp) return viaJsonp(scenario, p);
      if (typeof root.fetch !== "function") return Promise.reject(httpError(0, "fetch is not available; use jsonp: true"));
      return viaFetch(scenario, p);
    }

    // ---- rendered / clickRecommended

    function rendered(items) {
      const list = (Array.isArray(items) ? items : [items]).filter((it) => it && typeof it === "object" && !renderedItems.has(it));
      const sends = [];
      for (const it of list) {
        renderedItems.add(it);
        if (it.links && it.links.rendered) sends.push(send(it.links.rendered, "rendered"));
      }
      return Promise.all(sends).then((results) => results.length > 0 && results.every(Boolean));
    }

    function clickRecommended(item) {
      if (!item || typeof item !== "object") return Promise.resolve(false);
      rememberToken(item.itemType, item.itemId, item.token);
      if (!item.links || !item.links.clickRecommended) return Promise.resolve(false);
      return send(item.links.clickRecommended, "clickrecommended");
    }

    function onVisible(entries) {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const state = observed.get(entry.target);
        observer.unobserve(entry.target);
        if (state) rendered([state.item]);
      }
    }

    /**
     * Watches an element that shows a recommended item: fires rendered once it is at least
     * half visible (at once without IntersectionObserver) and clickRecommended on a click.
     * Returns a function that stops watching.
     */
    function observe(element, item) {
      if (!element || !item) return () => {};
      const previous = observed.get(element);
      if (previous) previous.stop();
      const onClick = () => clickRecommended(item);
      element.addEventListener("click", onClick);
      const stop = () => {
        element.removeEventListener("click", onClick);
        if (observer) observer.unobserve(element);
        observed.delete(element);
      };
      observed.set(element, { item, stop });
      if (typeof root.IntersectionObserver === "function") {
        if (!observer) observer = new root.IntersectionObserver(onVisible, { threshold: 0.5 });
        observer.observe(element);
      } else {
        rendered([item]);
      }
      return stop;
    }

    return Object.freeze({
      userId,
      anonymousId,
      accountId: () => account,
      login,
      logout,
      track,
      click,
      basket,
      removeFromBasket,
      buy,
      consume,
      rate,
      blacklist,
      recommend,
      rendered,
      clickRecommended,
      observe,
    });
  }

  return Object.freeze({ version: VERSION, create });
});
