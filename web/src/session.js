// Who is signed in: their profile, kept in a store the header and the pages watch.
import * as api from "./api.js";
import { createStore } from "./store.js";

// { user: null | {...}, ready: false until the first profile check answers }
export const session = createStore({ user: null, ready: !api.signedIn() });

export async function loadProfile() {
  if (!api.signedIn()) return session.set({ user: null, ready: true });
  try {
    session.set({ user: await api.profile(), ready: true });
  } catch {
    api.signOut();
    session.set({ user: null, ready: true });
  }
}

export async function signIn(email, password) {
  const user = await api.signIn(email, password);
  session.set({ user, ready: true });
  return user;
}

export function signOut() {
  api.signOut();
  session.set({ user: null, ready: true });
}

export const isAdmin = (user) => user?.role === "admin";
