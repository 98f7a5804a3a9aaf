// Agenda editor: add questions and reorder them without a page reload.
// Without JavaScript the form still works: the "Position" numbers decide the order.

const editor = document.querySelector("[data-agenda]");

if (editor) {
  const prefix = editor.dataset.prefix;
  const rows = editor.querySelector("[data-agenda-rows]");
  const template = editor.querySelector("[data-agenda-template]");
  const totalForms = editor.querySelector(`#id_${prefix}-TOTAL_FORMS`);

  const renumber = () => {
    rows.querySelectorAll("[data-agenda-row]").forEach((row, index) => {
      const order = row.querySelector(`input[name$="-ORDER"]`);
      if (order) order.value = String(index + 1);
    });
  };

  editor.querySelector("[data-agenda-add]").addEventListener("click", () => {
    const index = Number(totalForms.value);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    const fragment = document.createRange().createContextualFragment(html);
    const row = fragment.querySelector("[data-agenda-row]");
    rows.append(fragment);
    totalForms.value = String(index + 1);
    renumber();
    row.querySelector(`textarea, input[name$="-text"]`).focus();
  });

  rows.addEventListener("click", (event) => {
    const button = event.target.closest("[data-move]");
    if (!button) return;
    const row = button.closest("[data-agenda-row]");
    const sibling = button.dataset.move === "up" ? row.previousElementSibling : row.nextElementSibling;
    if (!sibling) return;
    if (button.dataset.move === "up") sibling.before(row);
    else sibling.after(row);
    renumber();
    button.focus();
  });

  renumber();
}
