// The application form, enhanced: sent with fetch to the API (data-api-action),
// the API's errors shown beside their fields, and the success page on 201.
// Without this script the form posts to the posting's page, which hands it to
// the API and answers with the success page or the form and its errors.
(() => {
  "use strict";

  const form = document.querySelector("form[data-application-form]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  const status = form.querySelector("[data-form-status]");
  const submitButton = form.querySelector('[type="submit"]');
  const honeypot = form.dataset.honeypot;
  const apiAction = form.dataset.apiAction || form.action;

  // Where the visitor came from (?source=, utm_*), where the server did not fill
  // it in (a page served from a cache or a static host): a value the API would
  // refuse (too long, a control character) is left out.
  const query = new URLSearchParams(window.location.search);
  const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
  for (const input of form.querySelectorAll("input[data-source-field]")) {
    const value = query.get(input.name) || "";
    if (!input.value && value && !CONTROL.test(value) && value.length <= Number(input.dataset.maxLength)) {
      input.value = value;
    }
  }

  const MESSAGES = {
    fields: (count) =>
      count === 1
        ? "Please correct the field marked below."
        : `Please correct the ${count} fields marked below.`,
    404: "This position is no longer open.",
    413: "The application is too large. Please attach a smaller resume.",
    429: "Several applications have been sent from here in a short time. Please try again later.",
    503: "The application could not be stored just now. Please send it again in a moment.",
    network: "The application could not be sent. Please check your connection and try again.",
    other: "Something went wrong. Please try again.",
  };

  // One key per submission, kept when the outcome is unknown (the network failed),
  // so that sending again cannot store the application twice.
  const newKey = () => {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  };
  let idempotencyKey = newKey();

  const errorSlotFor = (input) => (input && input.id ? document.getElementById(`${input.id}-error`) : null);

  const describedBy = (input) => (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);

  const clearErrors = () => {
    for (const input of form.querySelectorAll('[aria-invalid="true"]')) {
      const slot = errorSlotFor(input);
      input.removeAttribute("aria-invalid");
      const ids = describedBy(input).filter((id) => !slot || id !== slot.id);
      if (ids.length) {
        input.setAttribute("aria-describedby", ids.join(" "));
      } else {
        input.removeAttribute("aria-describedby");
      }
    }
    for (const slot of form.querySelectorAll(".field-error")) {
      slot.textContent = "";
      slot.hidden = true;
    }
    showStatus([]);
  };

  const showStatus = (messages) => {
    status.replaceChildren(
      ...messages.map((message) => {
        const paragraph = document.createElement("p");
        paragraph.textContent = message;
        return paragraph;
      }),
    );
    status.hidden = messages.length === 0;
  };

  const asText = (messages) => [].concat(messages).map(String).join(" ");

  // {field: [message]} from the API: each message beside its field, the rest on top.
  const showErrors = (errors, fallback) => {
    const general = [];
    let invalidCount = 0;
    for (const [name, messages] of Object.entries(errors || {})) {
      const input = name === honeypot ? null : form.elements.namedItem(name);
      const slot = input instanceof HTMLElement ? errorSlotFor(input) : null;
      if (!slot) {
        general.push(asText(messages));
        continue;
      }
      slot.textContent = asText(messages);
      slot.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", [...describedBy(input), slot.id].join(" "));
      invalidCount += 1;
    }
    if (invalidCount) {
      general.unshift(MESSAGES.fields(invalidCount));
    }
    showStatus(general.length ? general : [fallback]);
    const firstInvalid = form.querySelector('[aria-invalid="true"]');
    if (firstInvalid) {
      firstInvalid.focus();
    } else {
      status.scrollIntoView({ block: "center" });
    }
  };

  const setBusy = (busy) => {
    submitButton.disabled = busy;
    form.setAttribute("aria-busy", String(busy));
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    setBusy(true);
    let response;
    try {
      response = await fetch(apiAction, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json", "Idempotency-Key": idempotencyKey },
        credentials: "same-origin",
      });
    } catch {
      setBusy(false);
      showErrors({}, MESSAGES.network);
      return;
    }
    if (response.status === 201) {
      window.location.assign(form.dataset.successUrl);
      return;
    }
    idempotencyKey = newKey(); // nothing was stored: the next attempt is a new submission
    setBusy(false);
    const body = await response.json().catch(() => ({}));
    const { detail, ...fieldErrors } = body && typeof body === "object" ? body : {};
    if (response.status === 400 || response.status === 413) {
      if (detail) {
        fieldErrors.detail = detail;
      }
      showErrors(fieldErrors, MESSAGES[response.status] || MESSAGES.other);
    } else if (response.status === 429 || response.status === 503 || response.status === 404) {
      showErrors({}, MESSAGES[response.status]);
    } else {
      showErrors({}, detail || MESSAGES.other);
    }
  });
})();
