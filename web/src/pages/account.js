// Sign in and sign up. After either, a guest's cart is merged into the account's, and the
// shopper goes where `?next=` says (checkout, say), else home (an admin: the console).
import { useMemo, useState } from "preact/hooks";
import * as api from "../api.js";
import { mergeGuestCart } from "../cart.js";
import { navigate, route } from "../router.js";
import { isAdmin, signIn } from "../session.js";
import { useStore } from "../store.js";
import { ErrorSummary, Field, formValues, html } from "../ui.js";

// Only paths of this site: `next=https://evil.example` must not send anyone away.
function nextPath(query, user) {
  const next = query.get("next") || "";
  if (next.startsWith("/") && !next.startsWith("//")) return next;
  return isAdmin(user) ? "/admin" : "/";
}

async function afterSignIn(user, query) {
  await mergeGuestCart().catch(() => []);
  navigate(nextPath(query, user), { replace: true });
}

export function SignIn({ heading = "Sign in", next }) {
  const { query } = useStore(route);
  const [state, setState] = useState({ busy: false, error: null });
  const submit = async (event) => {
    event.preventDefault();
    const { email, password } = formValues(event.currentTarget);
    setState({ busy: true, error: null });
    try {
      const user = await signIn(email.trim(), password);
      if (next) return; // shown inside a page that takes over once signed in
      await afterSignIn(user, query);
    } catch (error) {
      setState({ busy: false, error: error.status === 401 ? new api.ApiError(401, { detail: "That e-mail and password do not match an account." }) : error });
    }
  };
  const errors = state.error?.fields || {};
  return html`<div class="narrow">
    <h1>${heading}</h1>
    <form onSubmit=${submit} novalidate>
      <${ErrorSummary} error=${state.error} shown=${["email", "password"]} />
      <${Field} label="Email" name="email" type="email" autocomplete="username" required errors=${errors} />
      <${Field} label="Password" name="password" type="password" autocomplete="current-password" required errors=${errors} />
      <button type="submit" class="primary" disabled=${state.busy}>Sign in</button>
    </form>
    ${!next && html`<p>New here? <a href=${`/signup${location.search}`}>Create an account</a></p>`}
  </div>`;
}

export function SignUp() {
  const { query } = useStore(route);
  const key = useMemo(() => api.newKey(), []);
  const [state, setState] = useState({ busy: false, error: null });
  const submit = async (event) => {
    event.preventDefault();
    const { name, email, password } = formValues(event.currentTarget);
    setState({ busy: true, error: null });
    try {
      await api.signUp({ name: name.trim(), email: email.trim(), password }, key);
      const user = await signIn(email.trim(), password);
      await afterSignIn(user, query);
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  const errors = state.error?.fields || {};
  // A 409 (e-mail taken) names no field; show it by the e-mail.
  if (state.error?.status === 409 && !errors.email) errors.email = state.error.message;
  return html`<div class="narrow">
    <h1>Create an account</h1>
    <form onSubmit=${submit} novalidate>
      <${ErrorSummary} error=${state.error} shown=${["name", "email", "password"]} />
      <${Field} label="Name" name="name" autocomplete="name" required errors=${errors} />
      <${Field} label="Email" name="email" type="email" autocomplete="email" required errors=${errors} />
      <${Field} label="Password" name="password" type="password" autocomplete="new-password" required errors=${errors} />
      <button type="submit" class="primary" disabled=${state.busy}>Sign up</button>
    </form>
    <p>Have an account? <a href=${`/signin${location.search}`}>Sign in</a></p>
  </div>`;
}
