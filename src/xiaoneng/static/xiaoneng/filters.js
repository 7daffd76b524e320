// The dashboards' filters (core/filter_fields.py): without this file both inputs still work as
// plain text the server parses; with it
//   input[data-datepicker]   opens the Chinese calendar (flatpickr, vendored) and keeps the
//                            value as YYYY-MM-DD, typed or picked, whatever the browser locale;
//   input[data-unit-search]  is an ARIA 1.2 combobox: typing asks
//                            /api/v1/organizations/lookup/?q=…&perm=… for the units of the
//                            user's scope, ArrowDown/ArrowUp move in the list, Enter picks,
//                            Escape closes; the picked unit's id goes to the hidden input named
//                            by data-unit-target.
"use strict";

(function () {
  function setUpDates() {
    if (typeof window.flatpickr !== "function") {
      return;
    }
    const zh = window.flatpickr.l10ns && window.flatpickr.l10ns.zh;
    document.querySelectorAll("input[data-datepicker]").forEach(function (input) {
      const picker = window.flatpickr(input, {
        dateFormat: "Y-m-d",
        allowInput: true,
        // weeks start on Monday, as calendars in China print them (GB/T 7408)
        locale: zh ? Object.assign({}, zh, { firstDayOfWeek: 1 }) : { firstDayOfWeek: 1 },
        disableMobile: true,
      });
      // Whoever types the date needs no calendar, and an open calendar would cover what is
      // below the field (the form's button): typing closes it; the value is read on leaving.
      input.addEventListener("input", function () {
        picker.close();
      });
    });
  }

  function setUpUnit(input) {
    const form = input.form;
    const hidden = form ? form.querySelector('input[name="' + input.dataset.unitTarget + '"]') : null;
    const list = document.createElement("ul");
    list.id = input.id + "-listbox";
    list.className = "combobox-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    input.insertAdjacentElement("afterend", list);
    let options = [];
    let active = -1;
    let timer = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function mark(index) {
      const items = list.querySelectorAll("[role=option]");
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function pick(index) {
      const option = options[index];
      if (!option) {
        return;
      }
      input.value = option.name;
      if (hidden) {
        hidden.value = String(option.id);
      }
      close();
    }

    function show(rows) {
      options = rows;
      list.replaceChildren();
      rows.forEach(function (row, i) {
        const item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = row.title;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(i);
        });
        list.appendChild(item);
      });
      list.hidden = rows.length === 0;
      input.setAttribute("aria-expanded", rows.length ? "true" : "false");
      active = -1;
    }

    function search() {
      const url = new URL(input.dataset.unitSearch, window.location.origin);
      url.searchParams.set("q", input.value.trim());
      url.searchParams.set("perm", input.dataset.unitPerm);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (rows) {
          show(Array.isArray(rows) ? rows : []);
        })
        .catch(function () {
          close();
        });
    }

    input.addEventListener("input", function () {
      if (hidden) {
        hidden.value = "";
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) {
          search();
        } else {
          mark(Math.min(active + 1, options.length - 1));
        }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        mark(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        pick(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  function setUp() {
    setUpDates();
    document.querySelectorAll("input[data-unit-search]").forEach(setUpUnit);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
