// Editing a resource someone else may be editing too. The version the editor started from is
// remembered by its ETag; every write sends it as If-Match. A 412 means another edit landed
// first: nothing was written, and the current version is fetched and shown beside the editor's
// own changes, which they may then apply again (or drop). Never a silent overwrite.
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../ui.js";

// load: () => Promise<{ data, etag }>. Answers { item, etag, error, conflict, gone, write, reload }.
export function useVersioned(load, deps) {
  const [state, setState] = useState({ item: null, etag: null, error: null, conflict: false, gone: false });
  const fetchCurrent = async (conflict) => {
    try {
      const { data, etag } = await load();
      setState({ item: data, etag, error: null, conflict, gone: false });
    } catch (error) {
      setState((s) => ({ ...s, error, conflict, gone: error.status === 404 }));
    }
  };
  useEffect(() => {
    setState({ item: null, etag: null, error: null, conflict: false, gone: false });
    fetchCurrent(false);
  }, deps);

  // send: (etag) => Promise<{ data, etag }>, a PATCH or DELETE with If-Match: etag.
  const write = async (send) => {
    try {
      const answer = await send(state.etag);
      setState({ item: answer.data, etag: answer.etag, error: null, conflict: false, gone: false });
      return answer;
    } catch (error) {
      if (error.status === 412) await fetchCurrent(true);
      throw error;
    }
  };
  return { ...state, write, reload: () => fetchCurrent(false) };
}

// The notice a 412 leads to, with the current version's fields. `fields`: [label, value] pairs.
export function Conflict({ what, fields, onUseCurrent }) {
  // The Save button that led here is at the bottom of the form: bring the notice into view.
  const notice = useRef(null);
  useEffect(() => notice.current?.focus(), []);
  return html`<div class="alert conflict" role="alert" tabindex="-1" ref=${notice}>
    <p><strong>This ${what} was changed by someone else</strong> since you opened it, so your changes were not saved.
    The current version is below; save again to apply your changes over it, or start from it.</p>
    <dl class="current">${fields.map(([label, value]) => html`<dt>${label}</dt><dd>${String(value)}</dd>`)}</dl>
    <button type="button" onClick=${onUseCurrent}>Start from the current version</button>
  </div>`;
}

// A delete button that asks once more before it acts.
export function DeleteButton({ label, onDelete }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return html`<button type="button" class="danger" onClick=${() => setAsking(true)}>${label}</button>`;
  return html`<span class="confirm" role="group" aria-label="Confirm">
    <button type="button" class="danger" onClick=${onDelete}>Yes, delete</button>
    <button type="button" onClick=${() => setAsking(false)}>Keep it</button>
  </span>`;
}
