// Suggested spellings on the actor form, refreshed as the editor types a name or an alias.
// Without this script the suggestions appear once the actor is saved ("Save and continue
// editing"); the server checks every ticked suggestion against the same rules.
"use strict";
// The admin loads form media in <head>, before the form exists.
document.addEventListener("DOMContentLoaded", function () {
  const form = document.getElementById("actor_form");
  const field = form && form.querySelector(".field-suggested_aliases");
  if (!field) return;
  const list = field.querySelector("div[id=id_suggested_aliases]") || field.querySelector("#id_suggested_aliases");
  const endpoint = window.location.pathname.replace(/(\d+\/change|add)\/?$/, "suggest-aliases/");
  let timer = null;

  function spellings() {
    const params = new URLSearchParams();
    const name = form.querySelector("#id_name");
    if (name && name.value.trim()) { params.append("name", name.value); params.append("language", ""); }
    form.querySelectorAll("#aliases-group tr.form-row:not(.empty-form)").forEach(function (row) {
      const text = row.querySelector("input[name$='-name']");
      const language = row.querySelector("select[name$='-language']");
      const deleted = row.querySelector("input[name$='-DELETE']");
      if (text && text.value.trim() && !(deleted && deleted.checked)) {
        params.append("name", text.value);
        params.append("language", language ? language.value : "");
      }
    });
    return params;
  }

  function render(suggestions) {
    const ticked = new Set(Array.from(list.querySelectorAll("input:checked")).map(function (i) { return i.value; }));
    list.replaceChildren();
    suggestions.forEach(function (s, n) {
      const item = document.createElement("div");
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.name = "suggested_aliases";
      input.value = s.value;
      input.id = "id_suggested_aliases_" + n;
      input.checked = ticked.has(s.value);
      label.htmlFor = input.id;
      label.append(input, " " + s.name + " ");
      const system = document.createElement("span");
      system.className = "meta";
      system.textContent = "(" + s.system + ")";
      label.append(system);
      item.append(label);
      list.append(item);
    });
  }

  function refresh() {
    fetch(endpoint + "?" + spellings().toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { render(data.suggestions); })
      .catch(function () { /* keep what is shown */ });
  }

  form.addEventListener("input", function (event) {
    if (event.target.matches("#id_name, input[name^='aliases-'][name$='-name']")) {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("select[name^='aliases-'][name$='-language']")) refresh();
  });
});
