// The recod demo shop: a single page with hash routes (#/ list, #/product/ID, #/basket)
// that tracks with /js/recod.js and shows recod's recommendations. The catalog is
// catalog.json, the same file recod loads to seed the demo customer 00000.
(function () {
  "use strict";

  const ITEM_TYPE = 1;
  const BASKET_KEY = "recod_demo_basket";
  const SVG_NS = "http://www.w3.org/2000/svg";

  const recod = Recod.create({ customer: "00000", onRequest: logActivity });
  const app = document.getElementById("app");

  let products = [];
  const byId = new Map();
  let view = 0; // bumped on every route: answers that arrive for an older view are dropped
  let categoryFilter = ""; // the list page's category chip

  // ------------------------------------------------------------------ DOM helpers

  /** el("a", {href: "#/", class: "x", dataset: {testid: "y"}}, "text", child, ...) */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    return node;
  }

  // Simple pictograms per top category, drawn on the product's colour.
  const ICONS = {
    Shoes: ["M6 44V34c7 0 13-4 17-13l8 4c7 7 17 11 27 12 2 0 4 2 4 5v2c0 2-1 3-3 3H9c-2 0-3-1-3-3z", "M6 42h56"],
    Bags: ["M12 24h40l-3 30H15z", "M24 24v-5a8 8 0 0 1 16 0v5"],
    Jackets: ["M22 10l10 7 10-7 12 6 6 21-8 2-3-9v28H17V30l-3 9-8-2 6-21z", "M32 17v37"],
    Accessories: ["M8 40c0-14 10-24 24-24s22 10 22 24z", "M30 40h28c0 3-3 5-8 5H30z"],
  };

  function tile(product, size) {
    const icon = ICONS[(product.category || "").split("/")[0]] || ICONS.Bags;
    const box = svg("svg", { viewBox: "0 0 64 64", "aria-hidden": "true", focusable: "false" });
    box.append(svg("path", { d: icon[0], class: "tile-fill" }), svg("path", { d: icon[1], class: "tile-line" }));
    const div = el("div", { class: "tile tile-" + size }, box);
    div.style.setProperty("--tile", product.color || "#64748b");
    return div;
  }

  // ------------------------------------------------------------------ data

  function parsePrice(price) {
    const m = /^(\d+(?:\.\d+)?)([A-Z]{3})$/.exec(price || "");
    return m ? { amount: Number(m[1]), currency: m[2] } : null;
  }

  function formatMoney(amount, currency) {
    try {
      return new Intl.NumberFormat("en", { style: "currency", currency }).format(amount);
    } catch (e) {
      return amount.toFixed(2) + " " + currency;
    }
  }

  function formatPrice(price) {
    const p = parsePrice(price);
    return p ? formatMoney(p.amount, p.currency) : "";
  }

  function categoryName(path) {
    return String(path || "").split("/").join(" › ");
  }

  /** The product for a recommended item: from the catalog, else from its attributes. */
  function productOf(item) {
    const known = byId.get(Number(item.itemId));
    if (known) return known;
    const title = (item.attributes.title || [])[0];
    return { id: item.itemId, title: title || "Item " + item.itemId, price: "", category: item.category || "", color: "#64748b" };
  }

  function loadBasket() {
    try {
      const lines = JSON.parse(localStorage.getItem(BASKET_KEY) || "[]");
      return Array.isArray(lines) ? lines.filter((l) => byId.has(l.id) && l.quantity > 0) : [];
    } catch (e) {
      return [];
    }
  }

  function saveBasket(lines) {
    try {
      localStorage.setItem(BASKET_KEY, JSON.stringify(lines));
    } catch (e) {
      /* storage unavailable: the basket lasts as long as the page */
    }
    updateBasketCount(lines);
  }

  function updateBasketCount(lines) {
    const count = (lines || loadBasket()).reduce((n, l) => n + l.quantity, 0);
    document.getElementById("basket-count").textContent = String(count);
  }

  // ------------------------------------------------------------------ banner, activity

  function updateUser() {
    const account = recod.accountId();
    document.getElementById("user-id").textContent = recod.userId();
    document.getElementById("user-kind").textContent = account ? "(logged in)" : "(anonymous, from a cookie)";
    document.getElementById("login").hidden = Boolean(account);
    document.getElementById("logout").hidden = !account;
  }

  const activity = [];
  function logActivity(info) {
    const path = info.url.replace(/^(https?:)?\/\/[^/]+/, "").split("?")[0];
    activity.unshift({ text: (info.kind === "recommend" ? "recommend " : "") + path, status: info.status, ok: info.ok });
    activity.length = Math.min(activity.length, 12);
    const list = document.getElementById("activity-list");
    if (!list) return;
    list.replaceChildren(...activity.map((a) =>
      el("li", { class: a.ok ? "ok" : "failed" }, el("code", {}, a.text), " → ", a.status ? String(a.status) : "failed")));
    const count = document.getElementById("activity-count");
    count.textContent = String(Number(count.textContent) + 1);
  }

  // ------------------------------------------------------------------ recommendations

  /**
   * A box of recommendations: asks recod, renders the items as links to their product
   * pages, and lets recod.observe() fire rendered (when visible) and clickRecommended.
   * data-state (loading, ready, empty, error) tells tests where it stands.
   */
  function recoBox(title, testid, scenario, options) {
    const list = el("div", { class: "reco-list" });
    const status = el("p", { class: "muted" }, "Asking recod…");
    const box = el("section", { class: "reco", "aria-label": title, dataset: { testid, state: "loading", scenario } },
      el("h2", {}, title, " ", el("span", { class: "scenario" }, scenario)), status, list);
    const myView = view;

    recod.recommend(scenario, Object.assign({ numrecs: 6, attributes: ["title"] }, options)).then((answer) => {
      if (myView !== view) return;
      if (!answer.items.length) {
        box.dataset.state = "empty";
        status.textContent = "Nothing to recommend yet: look at a few products first.";
        return;
      }
      status.remove();
      for (const item of answer.items) {
        const product = productOf(item);
        const card = el("a", { class: "card card-small", href: "#/product/" + item.itemId, dataset: { testid: "reco-item-" + item.itemId } },
          tile(product, "small"), el("span", { class: "card-title" }, product.title), el("span", { class: "price" }, formatPrice(product.price)));
        list.append(card);
        recod.observe(card, item); // rendered when seen, clickRecommended (and the token) on click
      }
      box.dataset.state = "ready";
    }, (err) => {
      if (myView !== view) return;
      box.dataset.state = "error";
      status.textContent = "Recommendations are unavailable (" + err.message + ").";
    });
    return box;
  }

  // ------------------------------------------------------------------ pages

  function productCard(product) {
    return el("a", { class: "card", href: "#/product/" + product.id, dataset: { testid: "product-" + product.id } },
      tile(product, "medium"),
      el("span", { class: "card-title" }, product.title),
      el("span", { class: "card-meta" }, el("span", { class: "muted" }, categoryName(product.category)), el("span", { class: "price" }, formatPrice(product.price))));
  }

  function listPage() {
    const categories = [...new Set(products.map((p) => p.category))];
    const grid = el("div", { class: "grid", dataset: { testid: "product-list" } });
    const chips = el("div", { class: "chips", role: "group", "aria-label": "Categories" });
    const renderGrid = () => {
      grid.replaceChildren(...products.filter((p) => !categoryFilter || p.category === categoryFilter).map(productCard));
      for (const chip of chips.children) chip.setAttribute("aria-pressed", String(chip.value === categoryFilter));
    };
    for (const c of ["", ...categories]) {
      chips.append(el("button", { type: "button", class: "chip", value: c, on: { click: () => { categoryFilter = c; renderGrid(); } } }, c ? categoryName(c) : "All"));
    }
    renderGrid();
    return [
      el("h1", { tabindex: "-1" }, "Running gear for the whole family"),
      recoBox("Recommended for you", "recommended", "landing_page", {}),
      el("section", { "aria-label": "Products" }, el("h2", {}, "All products"), chips, grid),
    ];
  }

  function productPage(id) {
    const product = byId.get(id);
    if (!product) return notFound();
    recod.click(ITEM_TYPE, product.id, { categorypath: product.category }); // a detail view

    const added = el("p", { class: "added", role: "status" });
    const addButton = el("button", { type: "button", class: "button primary", dataset: { testid: "add-to-basket" }, on: { click: () => {
      const lines = loadBasket();
      const line = lines.find((l) => l.id === product.id);
      if (line) line.quantity += 1;
      else lines.push({ id: product.id, quantity: 1 });
      saveBasket(lines);
      recod.basket(ITEM_TYPE, product.id, { categorypath: product.category });
      added.replaceChildren("Added to your basket. ", el("a", { href: "#/basket" }, "Go to the basket"));
    } } }, "Add to basket");

    return [
      el("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, el("a", { href: "#/" }, "Shop"), " › ", categoryName(product.category)),
      el("article", { class: "product", dataset: { testid: "product-page", productId: String(product.id) } },
        tile(product, "large"),
        el("div", { class: "product-info" },
          el("h1", { tabindex: "-1" }, product.title),
          el("p", { class: "muted" }, categoryName(product.category)),
          el("p", { class: "price big" }, formatPrice(product.price)),
          addButton, added)),
      recoBox("Customers also clicked", "also-clicked", "also_clicked", { contextItems: [product.id] }),
    ];
  }

  /** The basket; after a purchase, order = {lines, stored} thanks and recommends from it. */
  function basketPage(order) {
    const lines = loadBasket();
    const nodes = [el("h1", { tabindex: "-1" }, "Your basket")];
    if (order) {
      nodes.push(el("p", { class: "notice", role: "status", dataset: { testid: "thank-you" } }, "Thank you for your order! ",
        order.stored ? "recod stored the purchase." : "(recod did not store the purchase: is it running?)"));
    }
    if (!lines.length) {
      if (!order) nodes.push(el("p", { class: "muted" }, "Your basket is empty."));
      const context = order ? order.lines.map((l) => l.id) : null;
      nodes.push(context
        ? recoBox("You may also like", "cross-sell", "cross_sell", { contextItems: context })
        : recoBox("Bestsellers", "bestseller", "bestseller", {}));
      return nodes;
    }

    let total = 0;
    let currency = "EUR";
    const rows = lines.map((line) => {
      const product = byId.get(line.id);
      const price = parsePrice(product.price);
      if (price) {
        total += price.amount * line.quantity;
        currency = price.currency;
      }
      const change = (delta) => () => {
        const all = loadBasket();
        const l = all.find((x) => x.id === line.id);
        l.quantity += delta;
        if (l.quantity <= 0) recod.removeFromBasket(ITEM_TYPE, line.id);
        saveBasket(all.filter((x) => x.quantity > 0));
        render();
      };
      return el("li", { class: "basket-line", dataset: { testid: "basket-line-" + line.id } },
        tile(product, "small"),
        el("a", { href: "#/product/" + product.id, class: "card-title" }, product.title),
        el("span", { class: "qty" },
          el("button", { type: "button", class: "button small", "aria-label": "One less " + product.title, on: { click: change(-1) } }, "−"),
          el("span", { "aria-label": "Quantity" }, String(line.quantity)),
          el("button", { type: "button", class: "button small", "aria-label": "One more " + product.title, on: { click: change(1) } }, "+")),
        el("span", { class: "price" }, price ? formatMoney(price.amount * line.quantity, price.currency) : ""));
    });

    const buyButton = el("button", { type: "button", class: "button primary", dataset: { testid: "buy" }, on: { click: () => {
      buyButton.disabled = true;
      const sent = lines.map((line) => recod.buy(ITEM_TYPE, line.id, { price: byId.get(line.id).price, quantity: line.quantity }));
      Promise.all(sent).then((stored) => {
        saveBasket([]);
        render({ lines, stored: stored.every(Boolean) });
      });
    } } }, "Buy now");

    nodes.push(
      el("ul", { class: "basket" }, rows),
      el("div", { class: "checkout" }, el("p", { class: "total" }, "Total ", el("strong", {}, formatMoney(total, currency))), buyButton),
      recoBox("You may also like", "cross-sell", "cross_sell", { contextItems: lines.map((l) => l.id) }));
    return nodes;
  }

  function notFound() {
    return [el("h1", { tabindex: "-1" }, "Not found"), el("p", {}, el("a", { href: "#/" }, "Back to the shop"))];
  }

  // ------------------------------------------------------------------ routing

  function render(order) {
    view += 1;
    const hash = location.hash.replace(/^#/, "") || "/";
    let m;
    let nodes;
    if (hash === "/") nodes = listPage();
    else if ((m = /^\/product\/(\d+)$/.exec(hash))) nodes = productPage(Number(m[1]));
    else if (hash === "/basket") nodes = basketPage(order);
    else nodes = notFound();
    app.replaceChildren(...nodes);
    updateBasketCount();
  }

  function navigate() {
    render();
    window.scrollTo(0, 0);
    const heading = app.querySelector("h1");
    if (heading) heading.focus({ preventScroll: true });
  }

  function start() {
    updateUser();
    document.getElementById("login").addEventListener("click", () => {
      recod.login("demo-customer");
      updateUser();
    });
    document.getElementById("logout").addEventListener("click", () => {
      recod.logout();
      updateUser();
    });

    fetch("/demo/catalog.json").then((res) => {
      if (!res.ok) throw new Error("catalog.json: HTTP " + res.status);
      return res.json();
    }).then((catalog) => {
      products = catalog.products;
      for (const p of products) byId.set(p.id, p);
      window.addEventListener("hashchange", navigate);
      render();
    }).catch((err) => {
      app.replaceChildren(el("p", { class: "notice" }, "The shop could not load its catalog (" + err.message + ")."));
    });
  }

  start();
})();
